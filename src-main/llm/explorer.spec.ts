import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { exploreRepo } from './explorer';

describe('exploreRepo', () => {
  let dir: { path: string; cleanup: () => void };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true });
    writeFileSync(join(dir.path, path), text);
  };

  beforeEach(() => {
    dir = makeTempDir('planbox-explore-');
  });
  afterEach(() => dir.cleanup());

  it('finds languages, package managers, commands, entry points and key files of a Node project', () => {
    write(
      'package.json',
      JSON.stringify({ main: 'src/index.ts', scripts: { build: 'tsc', test: 'vitest run', lint: 'eslint .' } }),
    );
    write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
    write('README.md', '# demo\n');
    write('src/index.ts', 'export {};\n');
    write('src/form.ts', 'export const x = 1;\n');
    write('src/form.test.ts', 'test("x", () => {});\n');
    write('Makefile', 'VERSION := 1\n.PHONY: test\ntest:\n\tpnpm test\nrelease: build\n\techo\n');
    write('.github/workflows/ci.yml', 'on: push\n');

    const repo = exploreRepo(dir.path, { now: () => '2030-01-01T00:00:00.000Z' });

    expect(repo.root).toBe(dir.path);
    expect(repo.exploredAt).toBe('2030-01-01T00:00:00.000Z');
    expect(repo.languages[0]).toEqual({ language: 'TypeScript', files: 3 });
    expect(repo.packageManagers).toEqual(['pnpm']);
    expect(repo.commands).toEqual(
      expect.arrayContaining([
        { kind: 'build', command: 'pnpm build', source: 'package.json' },
        { kind: 'test', command: 'pnpm test', source: 'package.json' },
        { kind: 'lint', command: 'pnpm lint', source: 'package.json' },
        { kind: 'test', command: 'make test', source: 'Makefile' },
        { kind: 'other', command: 'make release', source: 'Makefile' },
      ]),
    );
    expect(repo.commands.map((c) => c.command)).not.toContain('make VERSION');
    expect(repo.entryPoints).toEqual(['src/index.ts']);
    expect(repo.keyFiles).toEqual(
      expect.arrayContaining(['README.md', 'package.json', 'Makefile', '.github/workflows/ci.yml']),
    );
    expect(repo.topFolders).toEqual(expect.arrayContaining([{ path: 'src', files: 3 }]));
    expect(repo.fileCount).toBe(8);
    expect(repo.truncated).toBe(false);
  });

  it('reads go.mod, Cargo.toml and pyproject.toml', () => {
    write('go.mod', 'module example.com/x\n');
    write('cmd/tool/main.go', 'package main\n');
    write('Cargo.toml', '[package]\nname = "x"\n');
    write('src/main.rs', 'fn main() {}\n');
    write('pyproject.toml', '[project]\nname = "x"\n[project.scripts]\nxtool = "x:main"\n[tool.pytest.ini_options]\n');
    write('uv.lock', '');

    const repo = exploreRepo(dir.path);

    expect(repo.packageManagers).toEqual(['uv', 'go', 'cargo']);
    expect(repo.commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['go test ./...', 'go build ./...', 'cargo test', 'cargo build', 'pytest', 'xtool']),
    );
    expect(repo.entryPoints).toEqual(expect.arrayContaining(['cmd/tool/main.go', 'src/main.rs']));
  });

  it('skips .git, node_modules, .gitignored paths (at any depth) and symbolic links', () => {
    write('.gitignore', 'dist/\n*.log\n');
    write('app.py', 'print(1)\n');
    write('dist/bundle.js', 'x');
    write('debug.log', 'x');
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('node_modules/left-pad/index.js', 'x');
    write('pkg/.gitignore', 'generated.py\n');
    write('pkg/generated.py', 'x');
    write('pkg/kept.py', 'x');
    symlinkSync('/etc', join(dir.path, 'outside'));

    const repo = exploreRepo(dir.path);

    expect(repo.fileCount).toBe(4); // .gitignore, app.py, pkg/.gitignore, pkg/kept.py
    expect(repo.languages).toEqual([{ language: 'Python', files: 2 }]);
    expect(repo.entryPoints).toEqual(['app.py']);
  });

  it('stops at the file limit and says so', () => {
    for (let i = 0; i < 30; i += 1) write(`f${String(i).padStart(2, '0')}.txt`, 'abc');
    const repo = exploreRepo(dir.path, { maxFiles: 10 });
    expect(repo.fileCount).toBe(10);
    expect(repo.totalBytes).toBe(30);
    expect(repo.truncated).toBe(true);
  });
});
