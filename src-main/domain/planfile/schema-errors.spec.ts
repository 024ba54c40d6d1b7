import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan-schema';
import { PlanFileError } from './plan-file-error';
import { describeSchemaIssues, formatSchemaError } from './schema-errors';

function firstError(document: unknown, fileName = 'plan.yaml'): PlanFileError {
  const result = planSchema.safeParse(document);
  if (result.success) throw new Error('expected the document to be invalid');
  return formatSchemaError(result.error, fileName, document);
}

const step = (extra: Record<string, unknown> = {}) => ({
  id: 'run',
  title: 'Run',
  kind: 'command',
  command: 'ls',
  ...extra,
});
const plan = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'p', ...extra, steps });

describe('formatSchemaError', () => {
  it('lists the kinds for an unknown kind and says what was given', () => {
    const error = firstError(plan([step(), { id: 'two', title: 'Two', kind: 'shell', command: 'ls' }]));
    expect(error.message).toBe(
      "plan.yaml: steps[1].kind: expected one of command, write_file, patch_file, delete_file, install_package, agent, check, manual; got 'shell' in step 'two'",
    );
    expect(error.path).toBe('steps[1].kind');
    expect(error.file).toBe('plan.yaml');
  });

  it('says a missing kind is missing', () => {
    const error = firstError(plan([{ id: 'a', title: 'A' }]));
    expect(error.message).toMatch(
      /^plan\.yaml: steps\[0\]\.kind: missing in step 'a'; add it: one of command, write_file/,
    );
  });

  it('names an unknown key with its path and the allowed keys of that step kind', () => {
    const error = firstError(plan([step({ colour: 'red' })]));
    expect(error.message).toBe(
      "plan.yaml: steps[0].colour: unknown key 'colour' in step 'run'; remove it or check its spelling (allowed: id, title, description, dependsOn, acceptance, timeoutSec, checkpoint, effects, priority, effort, network, kind, command)",
    );
    expect(error.path).toBe('steps[0].colour');
  });

  it('suggests the key a misspelling was meant to be, deep in the document', () => {
    const nested = firstError(plan([step({ effects: { creat: ['a'] } })]));
    expect(nested.message).toBe(
      "plan.yaml: steps[0].effects.creat: unknown key 'creat' in step 'run'; did you mean 'create'? (allowed: create, modify, delete)",
    );
    const acceptance = firstError(plan([step({ acceptance: [{ description: 'ok', comand: 'true' }] })]));
    expect(acceptance.path).toBe('steps[0].acceptance[0].comand');
    expect(acceptance.message).toContain("did you mean 'command'?");
    const sandbox = firstError(plan([], { sandbox: { image: 'x', netwrok: 'none' } }));
    expect(sandbox.message).toMatch(
      /^plan\.yaml: sandbox\.netwrok: unknown key 'netwrok'; did you mean 'network'\? \(allowed: image, network,/,
    );
  });

  it('names several unknown keys at once', () => {
    const error = firstError(plan([], { owner: 'me', colour: 'red' }));
    expect(error.message).toMatch(
      /^plan\.yaml: owner: unknown keys 'owner', 'colour'; remove them or check their spelling \(allowed: name, goal,/,
    );
  });

  it('says expected versus got for wrong types', () => {
    expect(firstError(plan([step({ command: 5 })])).message).toBe(
      "plan.yaml: steps[0].command: expected text; got the number 5 in step 'run'",
    );
    expect(firstError(plan([step({ dependsOn: 'setup' })])).message).toBe(
      "plan.yaml: steps[0].dependsOn: expected a list; got 'setup' in step 'run'",
    );
    expect(firstError(plan([], { policy: { maxRetries: 1.5 } })).message).toBe(
      'plan.yaml: policy.maxRetries: expected a whole number; got the number 1.5',
    );
    expect(firstError(plan([], { testingStrategy: 5 })).message).toBe(
      'plan.yaml: testingStrategy: expected text or a mapping of text; got the number 5',
    );
  });

  it('says a missing required field is missing', () => {
    expect(firstError({ name: 'p', steps: [{ id: 'a', kind: 'manual' }] }).message).toBe(
      "plan.yaml: steps[0].title: missing in step 'a'; add it (text)",
    );
    expect(firstError({ steps: [] }).message).toBe('plan.yaml: name: missing; add it (text)');
  });

  it('lists the allowed values of an enum', () => {
    expect(firstError(plan([], { sandbox: { network: 'host' } })).message).toBe(
      "plan.yaml: sandbox.network: expected one of none, bridge; got 'host'",
    );
  });

  it('explains limits and formats', () => {
    expect(firstError(plan([step({ timeoutSec: -1 })])).message).toBe(
      "plan.yaml: steps[0].timeoutSec: must be greater than 0; got the number -1 in step 'run'",
    );
    expect(firstError(plan([step({ title: '  ' })])).message).toBe(
      "plan.yaml: steps[0].title: must not be empty in step 'run'",
    );
    const badId = firstError(plan([step({ id: 'has space' })]));
    expect(badId.message).toBe(
      "plan.yaml: steps[0].id: must be 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit; got 'has space'",
    );
    const noPackages = firstError(
      plan([{ id: 'i', title: 'I', kind: 'install_package', packages: { manager: 'npm', names: [] } }]),
    );
    expect(noPackages.message).toBe("plan.yaml: steps[0].packages.names: must list at least 1 item; got 0 in step 'i'");
  });

  it('explains an empty file', () => {
    expect(firstError(null).message).toBe(
      'plan.yaml: expected a mapping with at least name and steps; got null; the file is empty, write a plan in it',
    );
    expect(firstError(['a']).message).toBe(
      'plan.yaml: expected a mapping with at least name and steps; got a list of 1',
    );
  });

  it('says when paths refer to a converted plan', () => {
    const document = plan([{ id: 'step_1', kind: 'manual' }]);
    const result = planSchema.safeParse(document);
    if (result.success) throw new Error('expected failure');
    expect(formatSchemaError(result.error, 'ce.json', document, 'context-engine').message).toBe(
      "ce.json: steps[0].title: missing in step 'step_1'; add it (text) (in the plan converted from context-engine)",
    );
  });
});

describe('describeSchemaIssues', () => {
  it('describes every issue, one line each', () => {
    const document = plan([step({ kind: 'shell' }), step({ id: 'b', timeoutSec: 0 })], {
      sandbox: { network: 'host' },
    });
    const result = planSchema.safeParse(document);
    if (result.success) throw new Error('expected failure');
    const lines = describeSchemaIssues(result.error, 'plan.yaml', document);
    expect(lines).toHaveLength(3);
    expect(lines).toContain("plan.yaml: sandbox.network: expected one of none, bridge; got 'host'");
    expect(lines.some((line) => line.startsWith('plan.yaml: steps[0].kind: expected one of command,'))).toBe(true);
    expect(lines).toContain("plan.yaml: steps[1].timeoutSec: must be greater than 0; got the number 0 in step 'b'");
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('still describes issues without the document', () => {
    const result = planSchema.safeParse({ name: 'p' });
    if (result.success) throw new Error('expected failure');
    expect(describeSchemaIssues(result.error, 'plan.yaml')).toEqual(['plan.yaml: steps: missing; add it (a list)']);
  });
});
