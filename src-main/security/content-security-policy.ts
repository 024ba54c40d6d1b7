/**
 * The renderer's Content Security Policy, the same for the desktop app (app://) and web mode:
 * scripts only from the app itself (no eval, no inline script), workers (Monaco's) from the app,
 * no plugins, no framing, calls only back to where the app came from. Inline styles are allowed
 * because Monaco and Mermaid set element styles at run time.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
