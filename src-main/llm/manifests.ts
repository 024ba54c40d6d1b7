import type { RepoContextView } from '../../src-preload/contract';

type Command = RepoContextView['commands'][number];

/** Package managers, told by their lock files and manifests at the workspace root. */
export function packageManagersOf(paths: Set<string>): string[] {
  const found: string[] = [];
  const add = (name: string, ...files: string[]) => {
    if (files.some((f) => paths.has(f)) && !found.includes(name)) found.push(name);
  };
  add('pnpm', 'pnpm-lock.yaml');
  add('yarn', 'yarn.lock');
  add('bun', 'bun.lockb', 'bun.lock');
  add('npm', 'package-lock.json');
  if (paths.has('package.json') && !found.some((m) => ['pnpm', 'yarn', 'bun', 'npm'].includes(m))) found.push('npm');
  add('poetry', 'poetry.lock');
  add('uv', 'uv.lock');
  add('pip', 'requirements.txt', 'requirements-dev.txt', 'setup.py');
  if (paths.has('pyproject.toml') && !found.some((m) => ['poetry', 'uv', 'pip'].includes(m))) found.push('pip');
  add('go', 'go.mod');
  add('cargo', 'Cargo.toml');
  add('bundler', 'Gemfile');
  add('composer', 'composer.json');
  add('maven', 'pom.xml');
  add('gradle', 'build.gradle', 'build.gradle.kts');
  return found;
}

/** Build, test and other commands declared at the root: package.json scripts, Makefile targets, pyproject, go.mod, Cargo.toml. */
export function manifestCommands(paths: Set<string>, read: (path: string) => string | undefined): Command[] {
  const commands: Command[] = [];
  const runner = paths.has('pnpm-lock.yaml')
    ? 'pnpm'
    : paths.has('yarn.lock')
      ? 'yarn'
      : paths.has('bun.lockb') || paths.has('bun.lock')
        ? 'bun run'
        : 'npm run';
  const scripts = scriptsOf(read('package.json'));
  for (const name of Object.keys(scripts))
    commands.push({ kind: kindOf(name), command: `${runner} ${name}`, source: 'package.json' });
  for (const target of makeTargets(read('Makefile') ?? read('makefile')))
    commands.push({ kind: kindOf(target), command: `make ${target}`, source: 'Makefile' });
  const pyproject = read('pyproject.toml');
  if (pyproject !== undefined) {
    if (/\bpytest\b/.test(pyproject) || paths.has('pytest.ini') || paths.has('conftest.py'))
      commands.push({ kind: 'test', command: 'pytest', source: 'pyproject.toml' });
    if (/\[tool\.ruff\b/.test(pyproject))
      commands.push({ kind: 'lint', command: 'ruff check .', source: 'pyproject.toml' });
    for (const name of tomlTableKeys(pyproject, /^\[(project\.scripts|tool\.poetry\.scripts)\]$/))
      commands.push({ kind: 'run', command: name, source: 'pyproject.toml' });
  }
  if (paths.has('go.mod')) {
    commands.push({ kind: 'build', command: 'go build ./...', source: 'go.mod' });
    commands.push({ kind: 'test', command: 'go test ./...', source: 'go.mod' });
  }
  if (paths.has('Cargo.toml')) {
    commands.push({ kind: 'build', command: 'cargo build', source: 'Cargo.toml' });
    commands.push({ kind: 'test', command: 'cargo test', source: 'Cargo.toml' });
  }
  return commands.slice(0, 60);
}

/** Entry points package.json names (main, module, bin). */
export function packageEntryPoints(text: string | undefined): string[] {
  const json = parseObject(text);
  if (!json) return [];
  const bin = json.bin;
  const bins = typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : [];
  return [json.main, json.module, ...bins].filter((v): v is string => typeof v === 'string');
}

function scriptsOf(text: string | undefined): Record<string, string> {
  const scripts = parseObject(text)?.scripts;
  return scripts && typeof scripts === 'object' ? (scripts as Record<string, string>) : {};
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Targets at the start of a line (`test:`), not variables (`X := 1`) or special targets (`.PHONY:`). */
function makeTargets(text: string | undefined): string[] {
  if (text === undefined) return [];
  const targets = [...text.matchAll(/^([A-Za-z0-9][A-Za-z0-9_-]*)\s*:(?!=)/gm)].map((m) => m[1]!);
  return [...new Set(targets)];
}

/** Keys of the TOML tables whose header matches (enough for script names; not a TOML parser). */
function tomlTableKeys(text: string, header: RegExp): string[] {
  const keys: string[] = [];
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) inside = header.test(trimmed);
    else if (inside) {
      const match = /^([A-Za-z0-9_.-]+)\s*=/.exec(trimmed);
      if (match) keys.push(match[1]!);
    }
  }
  return keys;
}

function kindOf(name: string): Command['kind'] {
  if (/test|spec|check|e2e/i.test(name)) return 'test';
  if (/lint|format|fmt|typecheck|prettier|eslint/i.test(name)) return 'lint';
  if (/build|compile|dist|bundle/i.test(name)) return 'build';
  if (/^(start|dev|serve|run)/i.test(name)) return 'run';
  return 'other';
}
