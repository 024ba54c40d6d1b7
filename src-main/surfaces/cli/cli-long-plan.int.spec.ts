import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeTempDir } from '../../testing/temp-dir';
import { REPO_ROOT, runCli } from '../../testing/cli-runner';
import { buildTestImages, planContainers, planImages } from '../../testing/docker';

// Overlay refuses more than about 124 stacked layers; a plan this long only works because the
// sandbox flattens its snapshot chain on the way.
const STEPS = 300;

describe('a 300-step plan in the sandbox', { timeout: 20 * 60_000 }, () => {
  const home = makeTempDir('planbox-home-');
  const work = makeTempDir('planbox-work-');
  const cli = (...args: string[]) => runCli(home.path, args);
  let planId = '';

  beforeAll(() => buildTestImages());
  afterAll(() => {
    cli('plan', 'delete', 'long');
    expect(planImages(planId)).toEqual([]);
    home.cleanup();
    work.cleanup();
  });

  it('completes with a snapshot per step, past the overlay depth limit', () => {
    const ws = join(work.path, 'ws');
    cpSync(join(REPO_ROOT, 'resources', 'examples', 'greeting-workspace'), ws, { recursive: true });
    const steps = Array.from({ length: STEPS }, (_, i) => ({
      id: `s${i}`,
      title: `Write file ${i}`,
      kind: 'write_file',
      path: `files/f${i}.txt`,
      content: `${i}\n`,
      ...(i ? { dependsOn: [`s${i - 1}`] } : {}),
    }));
    const file = join(work.path, 'long.yaml');
    writeFileSync(file, stringify({ name: 'long', sandbox: { image: 'planbox-test/busybox:latest' }, steps }));
    expect(cli('plan', 'import', file, '--workspace', ws).code).toBe(0);
    planId = JSON.parse(cli('plan', 'show', '--json').stdout).id;
    cli('plan', 'approve');

    const run = cli('plan', 'next', '--auto', '--json');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.stopped).toBe('done');
    expect(report.steps).toHaveLength(STEPS);
    expect(report.steps.every((s: { ok: boolean; snapshotId: string | null }) => s.ok && s.snapshotId)).toBe(true);
    expect(new Set(report.steps.map((s: { snapshotId: string }) => s.snapshotId)).size).toBe(STEPS);
    expect(planContainers(planId)).toEqual([]);

    const diff = JSON.parse(cli('plan', 'diff', '--json').stdout);
    expect(diff.changes).toHaveLength(STEPS);
    const rolled = cli('plan', 'rollback', '--to', 's150');
    expect(rolled.code).toBe(0);
    expect(JSON.parse(cli('plan', 'diff', '--json').stdout).changes).toHaveLength(150);
  });
});
