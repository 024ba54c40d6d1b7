/**
 * How a path written in a plan relates to the sandbox workspace. Steps run with the workspace
 * mounted at /workspace and that folder as the working directory, so a relative path and the same
 * path under /workspace/ name the same file. Risk rules and validation share these helpers so they
 * never disagree about what "outside the workspace" means.
 */

export const SANDBOX_WORKSPACE = '/workspace';

/** Forward slashes, no repeated or trailing slashes, no `./` segments. Keeps `..` and a leading `/`. */
export function normalizeSlashes(path: string): string {
  const absolute = path.startsWith('/') || path.startsWith('\\');
  const segments = pathSegments(path);
  return (absolute ? '/' : '') + segments.join('/');
}

/** The non-empty, non-`.` segments of a path; backslashes count as separators. */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
}

export function hasParentSegment(path: string): boolean {
  return pathSegments(path).includes('..');
}

/** A path that does not start from the workspace: `/x`, `\x`, `C:\x`, or `~/x`. */
export function isAbsoluteLike(path: string): boolean {
  return /^(?:[\\/]|[A-Za-z]:[\\/]|~(?:[\\/]|$))/.test(path);
}

/** True for /workspace and anything below it (before `..` is considered). */
export function isInsideSandboxWorkspace(path: string): boolean {
  const normalized = normalizeSlashes(path);
  return normalized === SANDBOX_WORKSPACE || normalized.startsWith(SANDBOX_WORKSPACE + '/');
}

/** The same path relative to the workspace root, e.g. `/workspace/src/a.ts` → `src/a.ts`. */
export function toWorkspaceRelative(path: string): string {
  const normalized = normalizeSlashes(path);
  if (normalized === SANDBOX_WORKSPACE) return '.';
  if (normalized.startsWith(SANDBOX_WORKSPACE + '/')) return normalized.slice(SANDBOX_WORKSPACE.length + 1);
  return normalized;
}

/** True when the path can name something outside the workspace: a `..` segment or an absolute path elsewhere. */
export function leavesWorkspace(path: string): boolean {
  if (hasParentSegment(path)) return true;
  return isAbsoluteLike(path) && !isInsideSandboxWorkspace(path);
}

/** Key used to compare a step's path with its declared effects: `./a//b`, `a/b` and `/workspace/a/b` are equal. */
export function pathKey(path: string): string {
  return toWorkspaceRelative(path);
}

export function baseName(path: string): string {
  const segments = pathSegments(path);
  return segments[segments.length - 1] ?? '';
}
