import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseExecPlan, validateExecPlan } from '../src-main/execplan';
import { run as runCli } from '../src-main/surfaces/cli/main';
import { makeTempDir } from '../src-main/testing/temp-dir';
import { writeCorpus, type CorpusFile } from './execplan-corpus';
import { round, summary, timeMs } from './stats';

const PLANS = Number(process.env.BENCH_EXECPLANS ?? 1000);
const PLAN_CHARS = 50_000;
const SEED = 20260117;
const RUNS = 3;
const REPO = resolve(import.meta.dirname, '..');

/**
 * Issue 5's figures: `planbox execplan validate` over 1,000 ExecPlans of about 50 KB (with the
 * milestone files some of them have), `registry build` over the same tree, and `registry update`
 * with nothing and with ten plans changed. Each command runs in this process through the CLI's
 * own entry point, three times; the first run includes compiling the code it needs.
 * `BENCH_EXECPLANS=N` uses fewer plans.
 */
export async function run(log: (line: string) => void) {
  const dir = makeTempDir('planbox-bench-execplan-');
  try {
    log(`writing ${PLANS} ExecPlans of about ${PLAN_CHARS / 1000} KB...`);
    const files = writeCorpus(dir.path, { plans: PLANS, targetChars: PLAN_CHARS, seed: SEED });
    const plans = files.filter((file) => file.kind === 'plan');
    return {
      corpus: {
        plans: plans.length,
        milestoneFiles: files.length - plans.length,
        planKB: summary(plans.map((file) => file.chars / 1000)),
        totalMB: round(files.reduce((sum, file) => sum + file.chars, 0) / 1e6),
        loadAverageAtStart: loadavg().map((load) => round(load)),
      },
      validate: await benchValidate(dir.path, files, log),
      registry: await benchRegistry(dir.path, plans, log),
    };
  } finally {
    dir.cleanup();
  }
}

/** Runs one CLI command in this process, as `planbox …` would, and keeps what it printed. */
async function command(args: string[]): Promise<{ ms: number; code: number; output: string }> {
  const lines: string[] = [];
  const start = performance.now();
  const code = await runCli(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { ms: performance.now() - start, code, output: lines.join('\n') };
}

function secondsOf(samples: number[]) {
  return { first: round(samples[0]!), best: round(Math.min(...samples)), runs: samples.map((s) => round(s)) };
}

interface ValidateOutput {
  errors: number;
  warnings: number;
  files: { findings: { rule: string }[] }[];
}

async function benchValidate(root: string, files: CorpusFile[], log: (line: string) => void) {
  const plansDir = join(root, '.agent', 'exec_plans');
  const seconds: number[] = [];
  let report: ValidateOutput | undefined;
  for (let r = 0; r < RUNS; r++) {
    log(`execplan validate, run ${r + 1} of ${RUNS}...`);
    const result = await command(['execplan', 'validate', plansDir, '--json']);
    seconds.push(result.ms / 1000);
    report = JSON.parse(result.output) as ValidateOutput;
  }
  const byRule: Record<string, number> = {};
  for (const file of report!.files) {
    for (const finding of file.findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  }

  // The command's steps for one file, timed file by file for the spread: read, parse, check.
  log('per-file timings...');
  const perFile: number[] = [];
  const parseMs: number[] = [];
  const checkMs: number[] = [];
  for (const file of files) {
    const path = join(root, file.path);
    const start = performance.now();
    const text = readFileSync(path, 'utf8');
    const parsed = timeMs(() => parseExecPlan(text));
    const checked = timeMs(() => validateExecPlan(parsed.value, { fileName: path }));
    perFile.push(performance.now() - start);
    parseMs.push(parsed.ms);
    checkMs.push(checked.ms);
  }
  return {
    command: 'planbox execplan validate .agent/exec_plans --json',
    files: report!.files.length,
    targetSeconds: 5,
    seconds: secondsOf(seconds),
    wholeProcessSeconds: wholeProcess(plansDir, log),
    perFileMs: summary(perFile),
    parseMs: summary(parseMs),
    checkMs: summary(checkMs),
    findings: { errors: report!.errors, warnings: report!.warnings, byRule },
  };
}

/** The built CLI as a person runs it, Node's start included; null before `npm run build:cli`. */
function wholeProcess(plansDir: string, log: (line: string) => void): number | null {
  if (!existsSync(join(REPO, 'out', 'cli', 'main.js'))) return null;
  log('execplan validate as a separate process...');
  const start = performance.now();
  const result = spawnSync(process.execPath, [join(REPO, 'bin', 'planbox.js'), 'execplan', 'validate', plansDir], {
    maxBuffer: 256 * 1024 * 1024,
  });
  // Exit code 1 means the plans have errors, which the corpus is made to have.
  if (result.status !== 0 && result.status !== 1) throw new Error(`planbox execplan validate failed: ${result.stderr}`);
  return round((performance.now() - start) / 1000);
}

interface RegistryOutput {
  scanned: number;
  reread: number;
  registry: { plans: { milestones: unknown[] }[] };
  findings: unknown[];
}

async function registryCommand(root: string, action: 'build' | 'update') {
  const result = await command(['execplan', 'registry', action, '--root', root, '--json']);
  if (result.code !== 0) throw new Error(`registry ${action} reported errors: ${result.output.slice(0, 500)}`);
  return { ms: result.ms, output: JSON.parse(result.output) as RegistryOutput };
}

async function benchRegistry(root: string, plans: CorpusFile[], log: (line: string) => void) {
  const build: number[] = [];
  let built: RegistryOutput | undefined;
  for (let r = 0; r < RUNS; r++) {
    log(`execplan registry build, run ${r + 1} of ${RUNS}...`);
    const result = await registryCommand(root, 'build');
    build.push(result.ms / 1000);
    built = result.output;
  }
  log('execplan registry update, nothing changed...');
  const unchanged = await registryCommand(root, 'update');
  log('execplan registry update, 10 plans changed...');
  for (const plan of plans.slice(0, 10)) {
    appendFileSync(join(root, plan.path), '\nRevision note: the benchmark touched this plan.\n');
  }
  const changed = await registryCommand(root, 'update');
  if (changed.output.reread !== 10) throw new Error(`update read ${changed.output.reread} files again, expected 10`);
  return {
    command: 'planbox execplan registry build|update --root DIR --json',
    scanned: built!.scanned,
    plansListed: built!.registry.plans.length,
    milestonesListed: built!.registry.plans.reduce((sum, plan) => sum + plan.milestones.length, 0),
    findings: built!.findings.length,
    buildTargetSeconds: 3,
    buildSeconds: secondsOf(build),
    updateNothingChanged: { ms: round(unchanged.ms), filesRead: unchanged.output.reread },
    updateTenChanged: { ms: round(changed.ms), filesRead: changed.output.reread },
  };
}
