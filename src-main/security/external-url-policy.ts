/** Links that may leave the app for the system browser; everything else is dropped. */
const ALLOWED = [/^https:\/\/github\.com\//, /^https:\/\/modelcontextprotocol\.io\//, /^https:\/\/docs\.docker\.com\//];

export function isAllowedExternalUrl(url: string): boolean {
  return ALLOWED.some((pattern) => pattern.test(url));
}
