import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';
import { isTrustedPageUrl } from './trusted-pages';
import { isAllowedExternalUrl } from './external-url-policy';

describe('trusted pages', () => {
  it("trusts the app's own origin and the dev server, nothing else", () => {
    expect(isTrustedPageUrl('app://planbox/index.html#/plans', undefined)).toBe(true);
    expect(isTrustedPageUrl('app://other/index.html', undefined)).toBe(false);
    expect(isTrustedPageUrl('file:///etc/passwd', undefined)).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/#/audit', 'http://localhost:5173')).toBe(true);
    expect(isTrustedPageUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedPageUrl('not a url', undefined)).toBe(false);
  });
});

describe('external links', () => {
  it('opens only allow-listed https addresses', () => {
    expect(isAllowedExternalUrl('https://github.com/planbox/planbox/issues')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows scripts and workers from the app only, with no eval and no framing', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
  });
});
