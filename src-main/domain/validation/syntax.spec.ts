import { describe, expect, it } from 'vitest';
import { validateSyntax } from './syntax';

describe('validateSyntax: JSON', () => {
  it('accepts valid JSON, with or without a byte-order mark', () => {
    expect(validateSyntax('package.json', '{\n  "name": "x"\n}\n')).toBeNull();
    expect(validateSyntax('data/a.json', '\uFEFF[1, 2]')).toBeNull();
  });

  it('reports line and column of the error', () => {
    expect(validateSyntax('a.json', '{\n  "a": 1,\n}')).toEqual({
      language: 'json',
      line: 3,
      column: 1,
      message: 'Expected double-quoted property name in JSON',
    });
  });

  it('finds the position when the engine names none', () => {
    const problem = validateSyntax('a.json', '{\n  "a": nope\n}');
    expect(problem).toMatchObject({ language: 'json', line: 2 });
    expect(problem?.column).toBeGreaterThanOrEqual(8); // at 'nope' or at the letter where it stops being 'null'
    expect(problem?.message).not.toContain('\n');
  });

  it('reports an empty or cut-off file at its end', () => {
    expect(validateSyntax('a.json', '')).toMatchObject({ line: 1, column: 1 });
    expect(validateSyntax('a.json', '[1,\n2')).toMatchObject({ line: 2, column: 2 });
  });

  it('accepts comments and trailing commas in JSONC files such as tsconfig.json', () => {
    const tsconfig =
      '{\n  // strict everywhere\n  "compilerOptions": { "strict": true, /* yes */ },\n  "include": ["src",],\n}\n';
    expect(validateSyntax('tsconfig.json', tsconfig)).toBeNull();
    expect(validateSyntax('.vscode/settings.json', '{ "a": 1, // x\n}')).toBeNull();
    expect(validateSyntax('package.json', tsconfig)).toMatchObject({ language: 'json', line: 2 });
  });

  it('keeps positions in JSONC files and does not touch // inside strings', () => {
    expect(validateSyntax('tsconfig.json', '{ "url": "http://x", // c\n  "b": }')).toMatchObject({
      line: 2,
      column: 8,
    });
  });
});

describe('validateSyntax: YAML', () => {
  it('accepts valid YAML, several documents and custom tags', () => {
    expect(validateSyntax('ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n')).toBeNull();
    expect(validateSyntax('k8s.yaml', 'a: 1\n---\nb: 2\n')).toBeNull();
    expect(validateSyntax('stack.yaml', 'Resources:\n  Bucket: !Ref Name\n')).toBeNull();
  });

  it('reports the first error with line and column, in any document', () => {
    const problem = validateSyntax('a.yaml', 'a: 1\n---\nb: [1, 2\n');
    expect(problem).toMatchObject({ language: 'yaml', line: 4, column: 1 });
    expect(problem?.message).not.toMatch(/\n|at line/);
    expect(validateSyntax('a.yml', 'a: 1\na: 2\n')).toMatchObject({ language: 'yaml', line: 2, column: 1 });
  });
});

describe('validateSyntax: JavaScript and TypeScript', () => {
  it.each([
    ['src/a.ts', 'export const f = <T,>(x: T): T => x;\ninterface A { b?: string }\n'],
    ['src/a.mts', 'const x = <number>y;\nexport default x;'],
    ['src/a.cts', 'import fs = require("fs");\nexport = fs;'],
    ['src/App.tsx', 'export const App = () => <div className="x">{1 as number}</div>;'],
    ['src/App.jsx', 'export const App = () => <div />;'],
    ['src/app.js', 'const a = <b>{c}</b>;\nconsole.log(a < 2);'],
    ['bin/cli.js', '#!/usr/bin/env node\nconst x = await import("./x.js");'],
    ['src/a.mjs', 'import x from "./x.mjs";\nexport { x };'],
    ['src/a.cjs', 'module.exports = 1;\nreturn;'],
    ['src/c.ts', '@Component({})\nexport class C { @Input() x = 1; }'],
  ])('accepts %s', (path, content) => {
    expect(validateSyntax(path, content)).toBeNull();
  });

  it('reports 1-based line and column and the language', () => {
    expect(validateSyntax('src/a.ts', 'const a = 1;\nconst b = ;\n')).toEqual({
      language: 'typescript',
      line: 2,
      column: 11,
      message: 'Unexpected token',
    });
    expect(validateSyntax('src/a.js', 'function (')).toMatchObject({ language: 'javascript', line: 1, column: 10 });
  });

  it('rejects TypeScript in a .js file and JSX in a .ts file', () => {
    expect(validateSyntax('a.js', 'let x: number = 1;')).toMatchObject({ language: 'javascript' });
    expect(validateSyntax('a.ts', 'const a = <div></div>;')).toMatchObject({ language: 'typescript' });
  });

  it('parses files with a Flow pragma as Flow, and only those', () => {
    expect(validateSyntax('a.js', '// @flow\ntype A = {| a: number |};\n')).toBeNull();
    expect(validateSyntax('a.js', 'type A = {| a: number |};\n')).toMatchObject({ language: 'javascript' });
  });

  it('does not report syntax that only needs a parser plugin we leave off', () => {
    expect(validateSyntax('a.js', 'const a = x |> f(%);')).toBeNull();
  });
});

describe('validateSyntax: other files', () => {
  it.each(['README.md', 'Makefile', 'a.py', 'a.json.bak', '.env'])('does not check %s', (path) => {
    expect(validateSyntax(path, '{{{ not valid anything')).toBeNull();
  });
});
