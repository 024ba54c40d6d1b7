import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINIMAL_PLAN } from '../execplan/testdata/minimal-plan';
import { openTestPlanbox, type TestPlanbox } from '../testing/test-planbox';

describe('planValidateText on an ExecPlan', () => {
  let pb: TestPlanbox;
  beforeEach(() => {
    pb = openTestPlanbox();
  });
  afterEach(() => pb.close());

  it('adds the ExecPlan findings on their lines, with rule ids and hints, without deciding validity', async () => {
    const text = MINIMAL_PLAN.replace('status: active', 'status: wip').replace(
      '- [ ] Move the route onto the new service.',
      '- [x] Move the route onto the new service.',
    );
    const lines = text.split('\n');
    const check = await pb.call('planValidateText', { text, fileName: 'EP-20260117-014_auth-refresh.md' });

    expect(check.format).toBe('execplan');
    expect(check.valid).toBe(true);
    const status = check.execplan?.find((found) => found.code === 'frontmatter.value');
    expect(status).toMatchObject({ severity: 'error', line: lines.indexOf('status: wip') + 1 });
    expect(status?.hint).toBeTruthy();
    const progressLine = lines.findIndex((line) => line.includes('[x] Move the route')) + 1;
    expect(check.execplan?.filter((found) => found.line === progressLine).map((found) => found.code)).toEqual([
      'progress.missing-timestamp',
    ]);
  });

  it('reports none for a clean ExecPlan, and leaves YAML files without the field', async () => {
    const clean = await pb.call('planValidateText', {
      text: MINIMAL_PLAN,
      fileName: 'EP-20260117-014_auth-refresh.md',
    });
    expect(clean.execplan).toEqual([]);
    const yaml = await pb.call('planValidateText', {
      text: 'name: x\nsteps:\n  - id: a\n    title: A\n    kind: manual\n',
      fileName: 'x.yaml',
    });
    expect(yaml.execplan).toBeUndefined();
  });

  it('still lists the ExecPlan findings when the markdown cannot become a plan', async () => {
    const check = await pb.call('planValidateText', { text: '# Only a title\n', fileName: 'notes.md' });
    expect(check.execplan?.length).toBeGreaterThan(0);
  });
});
