import { describe, expect, it } from 'vitest';
import { checkPath } from './path-safety';

const codes = (path: string) => checkPath(path, 'steps[3].path', 's4').map((f) => `${f.severity}:${f.code}`);

describe('checkPath', () => {
  it.each(['src/a.ts', './src//a.ts', 'a..b/c', '.github/workflows/ci.yml', '.gitignore', 'docs/.git-notes.md'])(
    'accepts %s',
    (path) => {
      expect(checkPath(path, 'steps[3].path')).toEqual([]);
    },
  );

  it.each([
    ['../../etc/passwd', ['error:path.parent-segment']],
    ['src/../../x', ['error:path.parent-segment']],
    ['/etc/hosts', ['error:path.outside-workspace']],
    ['/workspaces/x', ['error:path.outside-workspace']],
    ['~/.ssh/config', ['error:path.outside-workspace']],
    ['C:\\Windows\\x', ['warning:path.backslash', 'error:path.outside-workspace']],
    ['/workspace/src/a.ts', ['warning:path.absolute-workspace']],
    ['src\\a.ts', ['warning:path.backslash']],
    ['a\0b', ['error:path.nul']],
    ['.git/config', ['error:path.git-internals']],
    ['/workspace/.git/hooks/pre-commit', ['warning:path.absolute-workspace', 'error:path.git-internals']],
    ['./', ['error:path.empty']],
  ])('%j gives %j', (path, expected) => {
    expect(codes(path)).toEqual(expected);
  });

  it('says where, what and what to do in one line', () => {
    const [finding] = checkPath('../../etc/passwd', 'steps[3].path', 's4');
    expect(finding).toEqual({
      severity: 'error',
      code: 'path.parent-segment',
      stepId: 's4',
      field: 'steps[3].path',
      message: "steps[3].path '../../etc/passwd' leaves the workspace; use a path relative to the project root",
    });
  });

  it('suggests the relative form of a /workspace path and escapes control characters', () => {
    expect(checkPath('/workspace/src/a.ts', 'f')[0]?.message).toContain("('src/a.ts')");
    expect(checkPath('a\0b', 'f')[0]?.message).toBe(
      "f 'a\\u0000b' contains a NUL byte, which no file name may hold; remove it",
    );
  });
});
