import { chromium, type Page } from '@playwright/test';
import { join } from 'node:path';
import { AuditRepository, Store } from '../src-main/store';
import { AuditLog, type ActorContext } from '../src-main/audit';
import { createPlanbox } from '../src-main/app/create-planbox';
import { findMigrationsDir } from '../src-main/app/migrations-dir';
import { makeTempDir } from '../src-main/testing/temp-dir';
import { servePlanbox } from '../e2e/serve';
import { round, summary } from './stats';

const STEPS = 1_000;
const AUDIT_EVENTS = Number(process.env.BENCH_UI_AUDIT_EVENTS ?? 100_000);
const RUNS = 5;
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';
const person: ActorContext = { actor: 'user', surface: 'cli', actorName: 'bench' };

/**
 * Issue 4's figures, in a real Chromium against web mode: how long a 1,000-step plan takes to be
 * rendered and interactive once its data has arrived, and how the audit view behaves with 100,000
 * events (row elements in the DOM while scrolling, frame times, filter changes).
 */
export async function run(log: (line: string) => void) {
  const dir = makeTempDir('planbox-bench-ui-');
  const home = join(dir.path, 'home');
  try {
    log(`seeding a ${STEPS}-step plan and ${AUDIT_EVENTS} audit events...`);
    const planId = await seed(home);
    const served = await servePlanbox(home);
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // tsx compiles this file with esbuild's keepNames, which wraps functions in a __name() helper;
      // functions handed to the page need that helper there too.
      await page.addInitScript('globalThis.__name = (fn) => fn;');
      await page.addInitScript(installProbes);
      await page.goto(served.url);
      log('measuring the plan view...');
      const plan = await measurePlan(page, planId);
      log('measuring the audit view...');
      const audit = await measureAudit(page);
      return {
        plan: { steps: STEPS, ...plan, target: 'rendered and interactive within 1000 ms of the data arriving' },
        audit: {
          events: AUDIT_EVENTS,
          ...audit,
          target: 'fewer than 200 row elements while scrolling; filter changes applied within 200 ms',
        },
      };
    } finally {
      await browser.close();
      await served.stop();
    }
  } finally {
    dir.cleanup();
  }
}

async function seed(home: string): Promise<string> {
  const planbox = createPlanbox({ dataDir: home });
  const steps = Array.from({ length: STEPS }, (_, i) => {
    const deps = i === 0 ? '' : `\n    dependsOn: [s${Math.floor((i - 1) / 2)}]`;
    const kind = i % 3 === 0 ? `kind: command\n    command: echo step ${i}` : `kind: manual`;
    return `  - id: s${i}\n    title: Step ${i} of the long plan\n    ${kind}${deps}`;
  });
  const text = `name: long-plan\ngoal: A thousand steps to render\nsandbox: { image: planbox-test/busybox:latest }\nsteps:\n${steps.join('\n')}\n`;
  const { plan } = await planbox.plans.import({ text, fileName: 'long-plan.yaml' }, person);
  planbox.close();

  const store = Store.open({ dataDir: home, migrationsDir: findMigrationsDir() });
  const audit = new AuditLog(new AuditRepository(store.sqlite), () => new Date());
  const types = ['step.started', 'step.completed', 'step.failed', 'plan.approved', 'plan.versioned'];
  for (let written = 0; written < AUDIT_EVENTS; written += 10_000) {
    store.transaction(() => {
      for (let i = written; i < Math.min(AUDIT_EVENTS, written + 10_000); i += 1) {
        audit.append(i % 5 === 0 ? { actor: 'agent', surface: 'mcp', actorName: 'bench-agent' } : person, {
          type: types[i % types.length]!,
          planId: plan.id,
          stepId: `s${i % STEPS}`,
          payload: { i, note: `benchmark event ${i}` },
        });
      }
    });
  }
  store.close();
  return plan.id;
}

/** Runs in the page before any of its scripts: long tasks and when the step rows last changed. */
function installProbes(): void {
  const probe = { longTasks: [] as { start: number; end: number }[], rowsChangedAt: 0, rows: 0 };
  (globalThis as unknown as { __probe: typeof probe }).__probe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const rows = document.querySelectorAll('[data-testid="step-row"]').length;
    if (rows !== probe.rows) {
      probe.rows = rows;
      probe.rowsChangedAt = performance.now();
    }
  }).observe(document, { subtree: true, childList: true });
}

async function measurePlan(page: Page, planId: string) {
  const rendered: number[] = [];
  const interactive: number[] = [];
  const clickToPaint: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run += 1) {
    await page.goto(`${new URL(page.url()).origin}/#/plans/${planId}`);
    await page.reload();
    await page.locator('[data-testid="step-row"]').first().waitFor();
    // Settled: the row count has not changed for half a second.
    await page.waitForFunction(() => {
      const probe = (globalThis as unknown as { __probe: { rowsChangedAt: number } }).__probe;
      return performance.now() - probe.rowsChangedAt > 500;
    });
    const timing = await page.evaluate(() => {
      const probe = (
        globalThis as unknown as {
          __probe: { longTasks: { start: number; end: number }[]; rowsChangedAt: number; rows: number };
        }
      ).__probe;
      const data = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/planGet'))
        .map((e) => (e as PerformanceResourceTiming).responseEnd);
      const dataAt = Math.min(...data);
      const busyUntil = Math.max(
        probe.rowsChangedAt,
        ...probe.longTasks.filter((t) => t.end > dataAt).map((t) => t.end),
      );
      return { rendered: probe.rowsChangedAt - dataAt, interactive: busyUntil - dataAt, rows: probe.rows };
    });
    rendered.push(timing.rendered);
    interactive.push(timing.interactive);
    rows = timing.rows;
    // Interactive in fact: a click on a step is answered at the next frame.
    clickToPaint.push(
      await page.evaluate(async () => {
        const row = document.querySelector('[data-testid="step-row"] input[type="checkbox"]') as HTMLElement | null;
        const start = performance.now();
        row?.click();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return performance.now() - start;
      }),
    );
  }
  return {
    renderedMs: summary(rendered),
    interactiveMs: summary(interactive),
    clickToNextFrameMs: summary(clickToPaint),
    stepRowElements: rows,
  };
}

async function measureAudit(page: Page) {
  await page.goto(`${new URL(page.url()).origin}/#/audit`);
  await page.locator('[data-testid="audit-row"]').first().waitFor();
  const scroll = await page.evaluate(async () => {
    const rowEl = document.querySelector('[data-testid="audit-row"]')!;
    let scroller: HTMLElement | null = rowEl.parentElement;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
    if (!scroller) throw new Error('no scrolling container around the audit rows');
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    let maxRows = 0;
    const frames: number[] = [];
    let last = await frame();
    // 300 frames of steady scrolling from the top towards the end, then jumps to far positions.
    const step = Math.max(1, Math.floor((scroller.scrollHeight - scroller.clientHeight) / 300));
    for (let i = 0; i < 300; i += 1) {
      scroller.scrollTop += step;
      const now = await frame();
      frames.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid="audit-row"]').length);
    }
    for (const fraction of [0.25, 0.5, 0.75, 1, 0]) {
      scroller.scrollTop = fraction * scroller.scrollHeight;
      await frame();
      await new Promise((r) => setTimeout(r, 300));
      maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid="audit-row"]').length);
    }
    return { maxRows, frames };
  });
  const filter = await measureFilterChanges(page);
  return {
    maxRowElementsWhileScrolling: scroll.maxRows,
    scrollFrameMs: summary(scroll.frames),
    filterChangeMs: summary(filter),
  };
}

/** From pressing Enter in the type filter until the first row on screen is of the chosen type. */
async function measureFilterChanges(page: Page): Promise<number[]> {
  const samples: number[] = [];
  const typeFilter = page.getByTestId('audit-filter-type');
  for (let round_ = 0; round_ < 3; round_ += 1) {
    for (const type of ['step.failed', 'plan.approved', 'step.started', 'plan.versioned', 'step.completed']) {
      await typeFilter.fill(type);
      const started = await page.evaluate(() => performance.now());
      await typeFilter.press('Enter');
      const ended = await page.waitForFunction(
        (wanted) =>
          document.querySelector('[data-testid="audit-row"][data-seq]')?.getAttribute('data-type') === wanted &&
          performance.now(),
        type,
      );
      samples.push(round((await ended.jsonValue()) - started));
    }
  }
  return samples;
}
