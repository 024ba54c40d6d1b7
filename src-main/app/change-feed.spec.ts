import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { createPlanbox, type Planbox } from './create-planbox';
import type { PlanboxEvents } from '../../src-preload/contract';

const examples = join(import.meta.dirname, '../../resources/examples');
const person = { actor: 'user', surface: 'cli', actorName: 'ada' } as const;

describe('ChangeFeed', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let writer: Planbox;
  let watcher: Planbox;

  beforeEach(() => {
    dir = makeTempDir();
    writer = createPlanbox({ dataDir: dir.path });
    watcher = createPlanbox({ dataDir: dir.path });
  });
  afterEach(() => {
    writer.close();
    watcher.close();
    dir.cleanup();
  });

  it("re-emits another process's changes as plan.changed and audit.appended", async () => {
    const stop = watcher.watchChanges(60_000);
    const changed: PlanboxEvents['plan.changed'][] = [];
    const appended: PlanboxEvents['audit.appended'][] = [];
    watcher.events.on('plan.changed', (e) => changed.push(e));
    watcher.events.on('audit.appended', (e) => appended.push(e));

    const text = readFileSync(join(examples, 'diamond.yaml'), 'utf8');
    const { plan } = await writer.plans.import({ text, fileName: 'diamond.yaml' }, person);
    await writer.approvals.decide({ plan: plan.id }, 'approved', person);

    // The interval is a minute, so only the explicit poll can have delivered these.
    expect(changed).toEqual([]);
    expect(pollOnce(watcher)).toBeGreaterThanOrEqual(2);
    expect(changed).toEqual([{ planId: plan.id, reason: 'plan.approved' }]);
    expect(appended).toHaveLength(1);
    expect(appended[0]!.planIds).toEqual([plan.id]);
    expect(pollOnce(watcher)).toBe(0);
    stop();
  });

  it('starts from the head: history written before watching is not replayed', async () => {
    const text = readFileSync(join(examples, 'diamond.yaml'), 'utf8');
    await writer.plans.import({ text, fileName: 'diamond.yaml' }, person);
    const fresh = createPlanbox({ dataDir: dir.path });
    const changed: unknown[] = [];
    fresh.events.on('plan.changed', (e) => changed.push(e));
    fresh.watchChanges(60_000);
    expect(pollOnce(fresh)).toBe(0);
    expect(changed).toEqual([]);
    fresh.close();
  });
});

/** Runs the feed's poll now instead of waiting for its timer. */
function pollOnce(planbox: Planbox): number {
  return planbox.pollChanges();
}
