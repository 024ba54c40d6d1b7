import { describe, expect, it } from 'vitest';
import type { AgentCallView } from '../../../../src-preload/contract';
import {
  editOf,
  editorHeight,
  inputOf,
  isChanged,
  languageOfCall,
  pendingByPlan,
  problemOf,
  settingOn,
  titleOf,
  whereOf,
} from './held-call';

function call(overrides: Partial<AgentCallView>): AgentCallView {
  return {
    id: 'c1',
    planId: 'p1',
    planName: 'greeter',
    stepId: 'greet',
    attempt: 1,
    round: 1,
    tool: 'write_file',
    input: { path: 'hello.txt', content: 'hi' },
    status: 'pending',
    comment: null,
    editedInput: null,
    requestedAt: '2025-01-01T10:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    ...overrides,
  };
}

describe('a held call as editor text and back', () => {
  it('write_file shows the content, coloured by the path, and keeps an edited path', () => {
    const edit = editOf(call({ input: { path: 'src/app.ts', content: 'export {};\n' } }));
    expect(edit).toEqual({ tool: 'write_file', path: 'src/app.ts', text: 'export {};\n' });
    expect(languageOfCall(edit)).toBe('typescript');
    expect(inputOf({ ...edit, path: ' src/main.ts ', text: 'x' })).toEqual({ path: 'src/main.ts', content: 'x' });
  });

  it('apply_patch shows the patch as a diff and runs with path and patch', () => {
    const patch = '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+b\n';
    const edit = editOf(call({ tool: 'apply_patch', input: { path: 'a.txt', patch } }));
    expect(edit).toEqual({ tool: 'apply_patch', path: 'a.txt', text: patch });
    expect(languageOfCall(edit)).toBe('diff');
    expect(inputOf(edit)).toEqual({ path: 'a.txt', patch });
  });

  it('run_command shows the command as shell and has no path', () => {
    const edit = editOf(call({ tool: 'run_command', input: { command: 'cat hello.txt' } }));
    expect(edit).toEqual({ tool: 'run_command', path: undefined, text: 'cat hello.txt' });
    expect(languageOfCall(edit)).toBe('shell');
    expect(inputOf({ ...edit, text: 'ls -l' })).toEqual({ command: 'ls -l' });
  });

  it('a missing or odd field shows as empty text rather than "undefined"', () => {
    expect(editOf(call({ input: { path: 'x.md' } })).text).toBe('');
    expect(editOf(call({ tool: 'run_command', input: { command: 42 } })).text).toBe('42');
    expect(languageOfCall(editOf(call({ input: {} })))).toBe('plaintext');
  });
});

describe('what an edit needs before it can run', () => {
  it('names the missing path, command or patch', () => {
    expect(problemOf({ tool: 'write_file', path: '  ', text: 'x' })).toMatch(/path/);
    expect(problemOf({ tool: 'write_file', path: 'a', text: '' })).toBeUndefined();
    expect(problemOf({ tool: 'run_command', path: undefined, text: ' ' })).toMatch(/command/);
    expect(problemOf({ tool: 'apply_patch', path: 'a', text: '' })).toMatch(/patch/);
  });

  it('sees a change in the text or the path, not in surrounding spaces of the path', () => {
    const original = { tool: 'write_file' as const, path: 'a.txt', text: 'hi' };
    expect(isChanged(original, { ...original })).toBe(false);
    expect(isChanged(original, { ...original, path: ' a.txt ' })).toBe(false);
    expect(isChanged(original, { ...original, path: 'b.txt' })).toBe(true);
    expect(isChanged(original, { ...original, text: 'hi\n' })).toBe(true);
  });
});

describe('labels', () => {
  it('says where in the run the call was made; the attempt only after a retry', () => {
    expect(whereOf(call({ round: 2 }))).toBe('Step greet, round 2');
    expect(whereOf(call({ round: 3, attempt: 2 }))).toBe('Step greet, round 3 (attempt 2)');
  });

  it('names the call by its path or the first line of its command', () => {
    expect(titleOf(call({}))).toBe('write_file hello.txt');
    expect(titleOf(call({ tool: 'run_command', input: { command: 'make\nmake test' } }))).toBe('run_command: make …');
    expect(titleOf(call({ tool: 'run_command', input: { command: 'x'.repeat(80) } }))).toBe(
      `run_command: ${'x'.repeat(59)}…`,
    );
  });
});

describe('editorHeight', () => {
  it('fits the lines, from 3 up to 18', () => {
    expect(editorHeight('hi')).toBe('4.50rem');
    expect(editorHeight('a\nb\nc\nd')).toBe('5.75rem');
    expect(editorHeight('x\n'.repeat(100))).toBe('23.25rem');
  });
});

describe('pendingByPlan', () => {
  it('counts only pending calls, per plan, the longest-waiting plan first', () => {
    const calls = [
      call({ id: 'a', planId: 'p2', planName: 'later', requestedAt: '2025-01-01T11:00:00.000Z' }),
      call({ id: 'b', planId: 'p1', planName: 'greeter', requestedAt: '2025-01-01T10:30:00.000Z' }),
      call({ id: 'c', planId: 'p2', planName: 'later', requestedAt: '2025-01-01T10:00:00.000Z' }),
      call({ id: 'd', planId: 'p3', planName: 'done', status: 'approved' }),
    ];
    expect(pendingByPlan(calls)).toEqual([
      { planId: 'p2', planName: 'later', count: 2 },
      { planId: 'p1', planName: 'greeter', count: 1 },
    ]);
    expect(pendingByPlan([])).toEqual([]);
  });
});

describe('settingOn', () => {
  it('is on only for a setting that exists and is true', () => {
    const settings = [
      { key: 'agent.hitl', value: true },
      { key: 'agent.gate', value: 'yes' },
    ];
    expect(settingOn(settings, 'agent.hitl')).toBe(true);
    expect(settingOn(settings, 'agent.gate')).toBe(false);
    expect(settingOn(settings, 'agent.missing')).toBe(false);
  });
});
