import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan-schema';
import { toPlanboxInput } from './to-planbox-input';

function convert(steps: unknown[], extra: Record<string, unknown> = {}) {
  const result = toPlanboxInput(
    { id: 'plan_1', description: 'Do things', risk_level: 'LOW', ...extra, steps },
    'tinycode',
    't.json',
  );
  return { ...result, plan: planSchema.parse(result.input) };
}

describe('TinyCode conversion', () => {
  it('numbers steps and chains each to the one before, as TinyCode runs in order', () => {
    const { plan } = convert([
      { type: 'create_file', target: 'a.py', content: 'x = 1\n' },
      { type: 'execute_command', command: 'pytest -q' },
      { type: 'delete_file', target: 'b.py' },
    ]);
    expect(plan.name).toBe('plan_1');
    expect(plan.goal).toBe('Do things');
    expect(plan.steps.map((step) => [step.id, step.dependsOn])).toEqual([
      ['step-1', []],
      ['step-2', ['step-1']],
      ['step-3', ['step-2']],
    ]);
  });

  it('maps create_file, delete_file and execute_command to Planbox kinds with titles', () => {
    const { plan } = convert([
      { type: 'create_file', target: 'src/main.py', content: 'print(1)\n' },
      { type: 'delete_file', target: 'old.py' },
      { type: 'execute_command', content: 'pytest -q' },
      { type: 'execute_command', target: 'make' },
    ]);
    expect(plan.steps[0]).toMatchObject({
      kind: 'write_file',
      title: 'Create src/main.py',
      path: 'src/main.py',
      content: 'print(1)\n',
    });
    expect(plan.steps[0]?.effects.create).toEqual(['src/main.py']);
    expect(plan.steps[1]).toMatchObject({
      kind: 'delete_file',
      title: 'Delete old.py',
      path: 'old.py',
      effects: { delete: ['old.py'] },
    });
    expect(plan.steps[2]).toMatchObject({ kind: 'command', title: 'Run: pytest -q', command: 'pytest -q' });
    expect(plan.steps[3]).toMatchObject({ kind: 'command', command: 'make' });
  });

  it('writes a whole-file modify_file and says so in a note', () => {
    const { plan, notes } = convert([{ type: 'modify_file', target: 'cfg.ini', content: '[a]\n' }]);
    expect(plan.steps[0]).toMatchObject({ kind: 'write_file', path: 'cfg.ini', effects: { modify: ['cfg.ini'] } });
    expect(notes).toEqual([
      expect.stringMatching(/^steps\[0\] \(modify_file\): imported as a write of the whole file/),
    ]);
  });

  it('turns a line-range edit and a refactoring into manual steps that spell out the work', () => {
    const { plan } = convert([
      {
        type: 'modify_file',
        target: 'src/main.py',
        action: 'add_function',
        line_range: [50, 55],
        content: 'def f():\n    pass',
      },
      { type: 'refactor_code', target: 'src/util.py', action: 'extract_class' },
    ]);
    expect(plan.steps[0]).toMatchObject({
      kind: 'manual',
      title: 'Modify src/main.py',
      effects: { modify: ['src/main.py'] },
    });
    expect(plan.steps[0]?.description).toBe(
      'TinyCode modify_file on src/main.py\nAction: add_function\nLines: 50-55\nContent:\ndef f():\n    pass',
    );
    expect(plan.steps[1]).toMatchObject({ kind: 'manual', title: 'Refactor src/util.py' });
    expect(plan.steps[1]?.description).toContain('Action: extract_class');
  });

  it('splits package names and assumes pip when no manager is named', () => {
    const { plan, notes } = convert([
      { type: 'install_package', target: 'requests, flask  pytest' },
      { type: 'install_package', content: 'left-pad', manager: 'npm' },
    ]);
    expect(plan.steps[0]).toMatchObject({ kind: 'install_package', title: 'Install requests, flask, pytest' });
    expect(plan.steps[0]).toMatchObject({ packages: { manager: 'pip', names: ['requests', 'flask', 'pytest'] } });
    expect(plan.steps[1]).toMatchObject({ packages: { manager: 'npm', names: ['left-pad'] } });
    expect(notes).toEqual([expect.stringContaining("assumed 'pip'")]);
  });

  it('keeps checkpoint, timeout and test_after; drops what Planbox does itself, by path', () => {
    const { plan, dropped, notes } = convert(
      [
        {
          type: 'execute_command',
          command: 'pytest',
          checkpoint: true,
          timeout: 90,
          validation: { syntax_check: true, test_after: true },
          rollback: { enabled: true, backup_id: 'bak_1' },
        },
      ],
      { status: 'pending', metadata: { a: 1 } },
    );
    expect(plan.steps[0]).toMatchObject({
      checkpoint: true,
      timeoutSec: 90,
      acceptance: [{ description: 'The project tests pass after this step' }],
    });
    expect(dropped).toEqual([
      'risk_level',
      'status',
      'metadata',
      'steps[0].rollback',
      'steps[0].validation.syntax_check',
    ]);
    expect(notes).toEqual([expect.stringMatching(/^TinyCode rollback settings are not needed/)]);
  });

  it('imports an unknown step type as a manual step with a note', () => {
    const { plan, notes } = convert([{ type: 'rename_file', target: 'a.py' }]);
    expect(plan.steps[0]).toMatchObject({ kind: 'manual', title: 'rename_file a.py' });
    expect(notes[0]).toMatch(/not a TinyCode step type Planbox knows/);
  });

  it('leaves a missing target for the schema to report', () => {
    const { input } = toPlanboxInput(
      { description: 'd', steps: [{ type: 'create_file', content: 'x' }] },
      'tinycode',
      't.json',
    );
    const result = planSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['steps', 0, 'path']);
  });

  it('names the plan after its description when it has no id', () => {
    const { plan } = convert([], { id: undefined, description: 'Add a health endpoint' });
    expect(plan.name).toBe('Add a health endpoint');
  });
});
