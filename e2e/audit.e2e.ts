import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlanbox } from '../src-main/app/create-planbox';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { test, expect, type PlanboxFixture } from './fixtures';
import { AuditPage } from './pages/audit-page';

/**
 * Writes audit events straight into the data folder the server uses, through the real audit log
 * (hash chain included), as another process sharing the folder would.
 */
function seedEvents(
  home: string,
  count: number,
  eventOf: (i: number) => { type: string; planId?: string; stepId?: string; payload?: Record<string, unknown> },
  actorOf: (i: number) => 'user' | 'agent' = () => 'user',
): void {
  const app = createPlanbox({ dataDir: home });
  try {
    for (let start = 0; start < count; start += 1_000) {
      app.store.transaction(() => {
        for (let i = start; i < Math.min(count, start + 1_000); i += 1) {
          const actor = actorOf(i);
          app.audit.append(
            { actor, surface: actor === 'agent' ? 'mcp' : 'cli', actorName: `seed-${actor}` },
            eventOf(i),
          );
        }
      });
    }
  } finally {
    app.close();
  }
}

function importGreeting(planbox: PlanboxFixture): string {
  const workspace = planbox.example('greeting-workspace');
  const plan = join(REPO_ROOT, 'resources', 'examples', 'add-greeting.yaml');
  const imported = planbox.cli(['plan', 'import', plan, '--workspace', workspace, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  return (JSON.parse(imported.stdout) as { plan: { id: string } }).plan.id;
}

test.describe('audit log', () => {
  test('filters narrow the rows, an event opens in full, the chain verifies and exports', async ({ page, planbox }) => {
    const audit = new AuditPage(page);
    let planId = '';
    await test.step('a plan is imported and approved, and 240 more events are written', async () => {
      planId = importGreeting(planbox);
      expect(planbox.cli(['plan', 'approve']).code).toBe(0);
      seedEvents(
        planbox.home,
        240,
        (i) => ({
          type: ['step.started', 'step.completed', 'plan.paused'][i % 3]!,
          planId: i % 2 ? planId : 'pln_otherplan1',
          stepId: i % 2 ? 'write-script' : 'run-script',
          payload: { i, note: i === 42 ? 'the needle-42 is here' : `seeded event ${i}` },
        }),
        (i) => (i % 4 === 0 ? 'agent' : 'user'),
      );
    });

    await test.step('the view counts every event, newest first', async () => {
      await audit.open();
      await audit.expectTotal(242);
      const seqs = await audit.seqs();
      expect(seqs[0]).toBe(242);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    });

    await test.step('each filter narrows the rows', async () => {
      await audit.filterType('step.*');
      await audit.expectTotal(160);
      expect(new Set(await audit.types())).toEqual(new Set(['step.started', 'step.completed']));

      await audit.filterPlan('add-greeting');
      // Odd i on this plan: 120 seeded, of which 80 step events.
      await audit.expectTotal(80);

      await audit.filterActor('agent');
      // i % 4 === 0 is never odd: no agent events on this plan.
      await audit.expectTotal(0);
      await expect(page.getByTestId('audit-empty')).toContainText('No events match');

      await audit.clearFilters();
      await audit.expectTotal(242);
      await audit.filterStep('run-script');
      await audit.expectTotal(120);
      await audit.clearFilters();
      await audit.expectTotal(242);
      await audit.filterTime('since', '2099-01-01T00:00:00');
      await audit.expectTotal(0);
      await audit.filterTime('since', '2000-01-01T00:00:00');
      await audit.expectTotal(242);
      await audit.filterTime('until', '2000-01-02T00:00:00');
      await audit.expectTotal(0);
      await audit.clearFilters();
      await audit.filterType('plan.approved');
      await audit.expectTotal(1);
      expect(await audit.types()).toEqual(['plan.approved']);
      await audit.clearFilters();
      await audit.expectTotal(242);
    });

    await test.step('free text finds an event by its payload, and it opens in full', async () => {
      await audit.search('NEEDLE-42');
      await audit.expectTotal(1);
      await audit.loadedRows.first().click();
      await expect(audit.detail).toHaveAttribute('data-seq', '45');
      await expect(audit.detail.getByTestId('audit-hash')).toHaveText(/^[0-9a-f]{64}$/);
      await expect(audit.detail.getByTestId('audit-prev-hash')).toHaveText(/^[0-9a-f]{64}$/);
      const editor = audit.detail.getByTestId('monaco-editor');
      await expect(editor).toHaveAttribute('data-ready', 'true');
      await expect(editor).toContainText('the needle-42 is here');
      await audit.clearFilters();
      await audit.expectTotal(242);
    });

    await test.step('verify chain reports it intact', async () => {
      await audit.verify();
      await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
      await expect(audit.verifyResult).toContainText('242 events verified');
    });

    await test.step('export writes the filtered events as JSONL, oldest first', async () => {
      await audit.filterType('plan.*');
      await audit.expectTotal(82);
      const download = await audit.exportJsonl();
      const text = readFileSync((await download.path())!, 'utf8');
      const events = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { seq: number; type: string; hash: string });
      expect(events).toHaveLength(82);
      expect(events[0]!.type).toBe('plan.created');
      expect(events.every((e) => e.type.startsWith('plan.'))).toBe(true);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      await expect(page.getByTestId('audit-export-note')).toContainText('Exported 82 events (filtered)');
      await audit.clearFilters();
      await audit.expectTotal(242);
    });

    await test.step('an event written by another process appears without a reload', async () => {
      expect(planbox.cli(['plan', 'reject', '-c', 'seen enough']).code).toBe(0);
      await audit.expectTotal(243);
      await expect(audit.loadedRows.first()).toHaveAttribute('data-type', 'plan.rejected');
    });
  });

  test('5,000 events scroll with fewer than 200 row elements', async ({ page, planbox }) => {
    const audit = new AuditPage(page);
    await test.step('5,000 events are written', async () => {
      seedEvents(planbox.home, 5_000, (i) => ({
        type: i % 2 ? 'step.completed' : 'step.started',
        planId: `pln_bulk${i % 10}`,
        stepId: `step-${i % 25}`,
        payload: { i },
      }));
    });

    await audit.open();
    await audit.expectTotal(5_000);

    await test.step('at the top', async () => {
      await expect(audit.loadedRows.first()).toHaveAttribute('data-seq', '5000');
      expect(await audit.rows.count()).toBeLessThan(200);
    });

    await test.step('in the middle, rows are fetched for where the view is', async () => {
      const height = await audit.scrollHeight();
      for (const fraction of [0.1, 0.35, 0.5, 0.77]) {
        await audit.scrollTo(Math.round(height * fraction));
        const seq = Math.round(5_000 * (1 - fraction));
        await expect(page.locator(`[data-testid="audit-row"][data-seq="${seq}"]`)).toBeVisible();
        expect(await audit.rows.count()).toBeLessThan(200);
      }
    });

    await test.step('at the bottom is the first event', async () => {
      await audit.scrollToBottom();
      await expect(page.locator('[data-testid="audit-row"][data-seq="1"]')).toBeVisible();
      expect(await audit.rows.count()).toBeLessThan(200);
    });

    await test.step('the keyboard moves through the rows', async () => {
      await page.getByTestId('audit-table').focus();
      await page.keyboard.press('Home');
      await expect(audit.detail).toHaveAttribute('data-seq', '5000');
      await page.keyboard.press('ArrowDown');
      await expect(audit.detail).toHaveAttribute('data-seq', '4999');
      await page.keyboard.press('End');
      await expect(audit.detail).toHaveAttribute('data-seq', '1');
      expect(await audit.rows.count()).toBeLessThan(200);
    });
  });
});
