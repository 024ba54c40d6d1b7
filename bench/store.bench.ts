import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { AuditRepository, Store } from '../src-main/store';
import { AuditLog, type ActorContext } from '../src-main/audit';
import { createPlanbox } from '../src-main/app/create-planbox';
import { findMigrationsDir } from '../src-main/app/migrations-dir';
import { invoke } from '../src-main/app/handlers';
import { makeTempDir } from '../src-main/testing/temp-dir';
import { round, summary, timeMs } from './stats';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const PLANS = 200;
const TYPES = [
  'plan.created',
  'plan.versioned',
  'plan.approved',
  'step.started',
  'step.completed',
  'step.failed',
  'step.rolled_back',
  'plan.applied',
];
const user: ActorContext = { actor: 'user', surface: 'cli', actorName: 'bench' };

/** The store's figures from issue 2: audit paging and verify at 1M events; a 1,000-step import and show. */
export async function run(log: (line: string) => void) {
  const dir = makeTempDir('planbox-bench-');
  try {
    return { audit: benchAudit(dir.path, log), plans: await benchPlans(join(dir.path, 'plans'), log) };
  } finally {
    dir.cleanup();
  }
}

function benchAudit(dataDir: string, log: (line: string) => void) {
  const store = Store.open({ dataDir, migrationsDir: findMigrationsDir() });
  const startMs = Date.parse('2026-01-01T00:00:00Z');
  let tick = 0;
  const audit = new AuditLog(new AuditRepository(store.sqlite), () => new Date(startMs + tick * 1000));
  log(`writing ${EVENTS} audit events...`);
  const write = timeMs(() => {
    for (let written = 0; written < EVENTS; written += 10_000) {
      store.transaction(() => {
        for (let i = written; i < Math.min(EVENTS, written + 10_000); i += 1) {
          tick = i;
          audit.append(i % 7 === 0 ? { actor: 'agent', surface: 'mcp', actorName: 'bench-agent' } : user, {
            type: TYPES[i % TYPES.length]!,
            planId: `pln_${i % PLANS}`,
            stepId: `step-${i % 50}`,
            payload: { i, note: 'benchmark event', exitCode: i % 3 },
          });
        }
      });
    }
  });
  log(`written in ${round(write.ms)} ms; querying pages...`);
  const repetitions = 200;
  const byPlan: number[] = [];
  const byType: number[] = [];
  const byTime: number[] = [];
  const combined: number[] = [];
  for (let r = 0; r < repetitions; r += 1) {
    byPlan.push(timeMs(() => audit.list({ planId: `pln_${(r * 37) % PLANS}`, limit: 50 })).ms);
    byType.push(timeMs(() => audit.list({ type: TYPES[r % TYPES.length]!, limit: 50 })).ms);
    const from = Math.floor(((r * 7919) % EVENTS) * 0.9);
    const since = new Date(startMs + from * 1000).toISOString();
    const until = new Date(startMs + (from + 3600) * 1000).toISOString();
    byTime.push(timeMs(() => audit.list({ since, until, limit: 50 })).ms);
    combined.push(timeMs(() => audit.list({ planId: `pln_${r % PLANS}`, type: 'step.*', since, limit: 50 })).ms);
  }
  log('verifying the chain...');
  const verify = timeMs(() => audit.verify());
  if (!verify.value.ok) throw new Error(`benchmark chain does not verify: ${JSON.stringify(verify.value)}`);
  store.close();
  return {
    events: EVENTS,
    appendPerSecond: round(EVENTS / (write.ms / 1000), 0),
    pageMs: {
      byPlan: summary(byPlan),
      byType: summary(byType),
      byTimeRange: summary(byTime),
      planTypeAndTime: summary(combined),
    },
    verify: { ms: round(verify.ms), eventsPerSecond: round(EVENTS / (verify.ms / 1000), 0) },
  };
}

function thousandStepPlan(name: string): string {
  const steps = Array.from({ length: 1000 }, (_, i) => {
    const deps = i === 0 ? [] : i % 10 === 0 ? [`s${i - 10}`, `s${i - 1}`] : [`s${i - 1}`];
    const body =
      i % 3 === 0
        ? {
            kind: 'write_file',
            path: `src/module-${i}.ts`,
            content: `export const value${i} = ${i};\n`,
            effects: { create: [`src/module-${i}.ts`] },
          }
        : i % 3 === 1
          ? { kind: 'command', command: `node -e "console.log(${i})"` }
          : { kind: 'check', acceptance: [{ description: 'tests pass', command: 'npm test' }] };
    return { id: `s${i}`, title: `Step ${i}`, dependsOn: deps, ...body };
  });
  return JSON.stringify({ name, goal: 'a long plan', steps });
}

async function benchPlans(dataDir: string, log: (line: string) => void) {
  const planbox = createPlanbox({ dataDir });
  const imports: number[] = [];
  const shows: number[] = [];
  log('importing 1,000-step plans...');
  for (let r = 0; r < 10; r += 1) {
    const text = thousandStepPlan(`long-${r}`);
    const start = performance.now();
    await invoke(planbox.handlers, 'planImport', { text, fileName: `long-${r}.json` }, user);
    imports.push(performance.now() - start);
  }
  for (let r = 0; r < 10; r += 1) {
    const start = performance.now();
    JSON.stringify(await invoke(planbox.handlers, 'planGet', { plan: 'long-0' }, user), null, 2);
    shows.push(performance.now() - start);
  }
  planbox.close();
  // The whole command as a person runs it: process start, open, load, print.
  const cli: number[] = [];
  const bin = resolve(import.meta.dirname, '..', 'bin', 'planbox.js');
  for (let r = 0; r < 5; r += 1) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'plan', 'show', 'long-0', '--json'], {
      env: { ...process.env, PLANBOX_HOME: dataDir },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`planbox plan show failed: ${result.stderr}`);
    cli.push(performance.now() - start);
  }
  return {
    importThousandStepsMs: summary(imports),
    showThousandStepsMs: summary(shows),
    cliShowThousandStepsMs: summary(cli),
  };
}
