import { describe, expect, it } from 'vitest';
import { planSchema, type PlanDefinition } from '../plan-schema';
import { loadPlanDocument } from './load-plan-document';
import { serializePlan } from './serialize-plan';

function withoutSource(plan: PlanDefinition): PlanDefinition {
  const copy = { ...plan };
  delete copy.source;
  return copy;
}

function expectRoundTrip(plan: PlanDefinition): void {
  for (const format of ['yaml', 'json'] as const) {
    const text = serializePlan(plan, format);
    const loaded = loadPlanDocument(text, `plan.${format}`);
    expect(loaded.format).toBe('planbox');
    expect(withoutSource(loaded.plan), `${format}:\n${text}`).toEqual(withoutSource(plan));
  }
}

const tricky = [
  '',
  'no newline at the end',
  'echo hello\n',
  '  leading spaces\nsecond line\n',
  'trailing spaces   \nand tabs\t\n',
  'several newlines\n\n\n',
  '\nstarts with a newline',
  'windows\r\nline\r\nends\r\n',
  'key: value # not a comment\n- not a list\n',
  'true',
  '123',
  'null',
  '~',
  '"quoted" and \'single\'',
  'unicode: é ✓ 😀\n',
  '#!/bin/sh\nset -e\n',
];

describe('serializePlan', () => {
  it('round-trips every kind of step and every plan field', () => {
    const plan = planSchema.parse({
      name: 'full',
      goal: 'Cover every field\nacross two lines',
      tags: ['a', 'b: c'],
      workspace: { path: '/tmp/project', include: ['src/**'], exclude: [] },
      sandbox: { image: 'img:1', network: 'bridge', env: { A: '1', 'MY-VAR': 'x y' }, user: '1000:1000' },
      policy: { autoApprove: 'MEDIUM', checkpointEvery: 3, failOnUndeclaredChanges: true },
      scope: {},
      risks: [{ issue: 'It breaks' }, { issue: 'Data loss', mitigation: 'Back up', likelihood: 'low' }],
      milestones: [{ name: 'M1' }, { name: 'M2', steps: ['cmd', 'write'], estimatedTime: '1 day' }],
      testingStrategy: 'Run everything',
      questions: ['Why?'],
      steps: [
        {
          id: 'cmd',
          title: 'Command',
          kind: 'command',
          command: 'make test',
          timeoutSec: 60,
          network: true,
          priority: 'high',
          effort: '1h',
        },
        ...tricky.map((content, index) => ({
          id: `write-${index}`,
          title: `Write ${index}`,
          kind: 'write_file',
          path: `f${index}.txt`,
          content,
          dependsOn: ['cmd'],
        })),
        {
          id: 'write',
          title: 'W',
          kind: 'write_file',
          path: 'a',
          content: 'x',
          effects: { create: ['a'], modify: [], delete: [] },
        },
        {
          id: 'patch',
          title: 'P',
          kind: 'patch_file',
          path: 'a',
          patch: '--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y\n',
          checkpoint: true,
        },
        { id: 'del', title: 'D', kind: 'delete_file', path: 'a', effects: { delete: ['a'] } },
        { id: 'pkg', title: 'I', kind: 'install_package', packages: { manager: 'npm', names: ['zod', 'yaml'] } },
        { id: 'agent', title: 'A', kind: 'agent', prompt: 'Fix the failing test.\nKeep the API.' },
        {
          id: 'check',
          title: 'C',
          kind: 'check',
          acceptance: [{ description: 'builds', command: 'make' }, { description: 'looks right' }],
        },
        { id: 'manual', title: 'M', description: 'Done by hand', kind: 'manual' },
      ],
    });
    expectRoundTrip(plan);
  });

  it('round-trips a testing strategy given as a mapping and an empty plan', () => {
    expectRoundTrip(planSchema.parse({ name: 'x', testingStrategy: { unit: 'vitest', e2e: 'playwright' }, steps: [] }));
    expectRoundTrip(planSchema.parse({ name: 'x', steps: [] }));
  });

  it('writes a list shared by two steps twice instead of as an anchor and alias', () => {
    const shared = ['setup'];
    const plan = planSchema.parse({ name: 'p', steps: [{ id: 'setup', title: 'S', kind: 'manual' }] });
    plan.steps.push(
      { ...plan.steps[0]!, id: 'a', dependsOn: shared },
      { ...plan.steps[0]!, id: 'b', dependsOn: shared },
    );
    const text = serializePlan(plan, 'yaml');
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.match(/dependsOn: \[setup\]/g)).toHaveLength(2);
  });

  it('leaves out defaults a person would not write, and the source', () => {
    const plan = planSchema.parse({
      name: 'p',
      source: { format: 'tinycode', file: 'x.json' },
      steps: [{ id: 'a', title: 'A', kind: 'command', command: 'ls' }],
    });
    expect(serializePlan(plan, 'yaml')).toBe(
      'name: p\nsteps:\n  - id: a\n    title: A\n    kind: command\n    command: ls\n',
    );
    expect(JSON.parse(serializePlan(plan, 'json'))).toEqual({
      name: 'p',
      steps: [{ id: 'a', title: 'A', kind: 'command', command: 'ls' }],
    });
  });

  it('orders keys for reading and writes multi-line text as block scalars', () => {
    const plan = planSchema.parse({
      steps: [
        {
          effort: 'small',
          checkpoint: true,
          effects: { modify: ['run.sh'] },
          dependsOn: ['x'],
          content: 'line one\nline two\n',
          path: 'run.sh',
          kind: 'write_file',
          title: 'Write',
          id: 'w',
        },
      ],
      policy: { maxRetries: 0 },
      goal: 'g',
      name: 'ordered',
    });
    expect(serializePlan(plan, 'yaml')).toBe(
      [
        'name: ordered',
        'goal: g',
        'policy:',
        '  autoApprove: LOW',
        '  checkpointEvery: 0',
        '  stepTimeoutSec: 300',
        '  maxRetries: 0',
        'steps:',
        '  - id: w',
        '    title: Write',
        '    kind: write_file',
        '    path: run.sh',
        '    content: |',
        '      line one',
        '      line two',
        '    dependsOn: [x]',
        '    effects:',
        '      modify: [run.sh]',
        '    checkpoint: true',
        '    effort: small',
        '',
      ].join('\n'),
    );
  });
});
