import { readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { RepoContextView } from '../../src-preload/contract';
import { manifestCommands, packageManagersOf, packageEntryPoints } from './manifests';

/** Never walked, whatever .gitignore says: version control data and installed dependencies. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);
export const DEFAULT_MAX_FILES = 20_000;

const LANGUAGES: Record<string, string> = {
  '.ts': 'TypeScript',
  '.tsx': 'TypeScript',
  '.mts': 'TypeScript',
  '.cts': 'TypeScript',
  '.js': 'JavaScript',
  '.jsx': 'JavaScript',
  '.mjs': 'JavaScript',
  '.cjs': 'JavaScript',
  '.py': 'Python',
  '.go': 'Go',
  '.rs': 'Rust',
  '.java': 'Java',
  '.kt': 'Kotlin',
  '.rb': 'Ruby',
  '.php': 'PHP',
  '.cs': 'C#',
  '.c': 'C',
  '.h': 'C',
  '.cc': 'C++',
  '.cpp': 'C++',
  '.hpp': 'C++',
  '.swift': 'Swift',
  '.scala': 'Scala',
  '.sh': 'Shell',
  '.bash': 'Shell',
  '.svelte': 'Svelte',
  '.vue': 'Vue',
  '.css': 'CSS',
  '.scss': 'CSS',
  '.html': 'HTML',
  '.sql': 'SQL',
  '.md': 'Markdown',
  '.json': 'JSON',
  '.yaml': 'YAML',
  '.yml': 'YAML',
  '.toml': 'TOML',
};

/** Files a reader of an unknown project opens first. */
const KEY_FILE =
  /^(readme(\.[a-z]+)?|license(\.[a-z]+)?|contributing\.md|changelog\.md|package\.json|tsconfig\.json|pyproject\.toml|setup\.py|setup\.cfg|requirements(-dev)?\.txt|go\.mod|cargo\.toml|gemfile|composer\.json|pom\.xml|build\.gradle(\.kts)?|makefile|dockerfile|docker-compose\.ya?ml|compose\.ya?ml|\.env\.example|vite\.config\.[cm]?[jt]s|jest\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s)$/i;

/** Conventional entry points, by path relative to the root. */
const ENTRY_POINT =
  /^(src\/)?(index|main|app|server|cli)\.([cm]?[jt]sx?)$|^(src\/)?main\.(go|rs|py)$|^cmd\/[^/]+\/main\.go$|^src\/lib\.rs$|^(manage|app|__main__|wsgi|asgi)\.py$|^[^/]+\/__main__\.py$/;

export interface ExploreOptions {
  /** Stop after this many files (the context then says it is truncated). */
  maxFiles?: number;
  now?: () => string;
}

/**
 * A RepoContext of a folder: what a planner needs to know before it plans, found without any
 * model. Skips .git, node_modules and what .gitignore files (at any depth) exclude, never
 * follows symbolic links, and stops at `maxFiles`.
 */
export function exploreRepo(root: string, options: ExploreOptions = {}): RepoContextView {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const files: { path: string; size: number }[] = [];
  let truncated = false;

  const walk = (dir: string, rules: { base: string; ig: Ignore }[]): void => {
    if (truncated) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable folder is left out, as git would
    }
    const local = gitignoreOf(dir);
    const active = local ? [...rules, { base: dir, ig: local }] : rules;
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue; // symlinks, sockets, devices
      if (active.some(({ base, ig }) => ig.ignores(toPosix(relative(base, full)) + (isDir ? '/' : '')))) continue;
      if (isDir) {
        walk(full, active);
        if (truncated) return;
        continue;
      }
      if (files.length >= maxFiles) {
        truncated = true;
        return;
      }
      files.push({ path: toPosix(relative(root, full)), size: safeSize(full) });
    }
  };
  walk(root, []);

  const paths = new Set(files.map((f) => f.path));
  const read = (path: string): string | undefined => (paths.has(path) ? readText(join(root, path)) : undefined);
  const packageJson = read('package.json');
  return {
    root,
    exploredAt: (options.now ?? (() => new Date().toISOString()))(),
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    truncated,
    languages: countBy(files.map((f) => LANGUAGES[extname(f.path).toLowerCase()]).filter(isString)).map(
      ([language, count]) => ({ language, files: count }),
    ),
    packageManagers: packageManagersOf(paths),
    commands: manifestCommands(paths, read),
    entryPoints: [...new Set([...packageEntryPoints(packageJson), ...[...paths].filter((p) => ENTRY_POINT.test(p))])]
      .filter((p) => paths.has(p.replace(/^\.\//, '')))
      .map((p) => p.replace(/^\.\//, ''))
      .slice(0, 20),
    keyFiles: [...paths]
      .filter((p) => KEY_FILE.test(basename(p)) || /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p))
      .sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))
      .slice(0, 40),
    topFolders: countBy(files.filter((f) => f.path.includes('/')).map((f) => f.path.split('/')[0]!))
      .slice(0, 20)
      .map(([path, count]) => ({ path, files: count })),
  };
}

function gitignoreOf(dir: string): Ignore | undefined {
  const text = readText(join(dir, '.gitignore'));
  return text === undefined ? undefined : ignore().add(text);
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Values with their counts, most frequent first (ties by name). */
function countBy(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const toPosix = (path: string) => path.split(sep).join('/');
const depth = (path: string) => path.split('/').length;
const isString = (v: string | undefined): v is string => v !== undefined;
