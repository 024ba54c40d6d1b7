import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { stringify } from 'yaml';
import { createPlanbox, type Planbox } from '../src-main/app/create-planbox';
import { invoke } from '../src-main/app/handlers';
import type { ActorContext } from '../src-main/audit';
import { importWorkspace } from '../src-main/sandbox/workspace-import';
import { removePlanResources } from '../src-main/sandbox/housekeeping';
import { LABELS } from '../src-main/sandbox/types';
import { makeTempDir } from '../src-main/testing/temp-dir';
import { round, summary } from './stats';

const IMAGE = 'planbox-test/busybox:latest';
const user: ActorContext = { actor: 'user', surface: 'cli', actorName: 'bench' };
const docker = new Dockerode();
const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);

/** Issue 3's figures: step overhead against raw dockerode, rollback and commit against workspace size, a 300-step plan, import throughput. */
export async function run(log: (line: string) => void) {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
  const dir = makeTempDir('planbox-bench-sandbox-');
  try {
    const small = makeWorkspace(join(dir.path, 'small'), 10);
    const large = makeWorkspace(join(dir.path, 'large'), 20_000);
    log('import throughput (20,000 files)...');
    // BENCH_ONLY=size runs only the rollback/commit part (a few minutes instead of a quarter hour).
    const only = process.env.BENCH_ONLY;
    const imports = only ? null : await importThroughput(large);
    log('per-step overhead against raw dockerode...');
    const overhead = only ? null : await stepOverhead(dir.path, small);
    log('rollback and commit against workspace size...');
    const bySize = {
      small: await rollbackAndCommit(dir.path, 'small', small),
      large: await rollbackAndCommit(dir.path, 'large', large),
    };
    log('a 300-step plan...');
    const long = only ? null : await longPlan(dir.path, small);
    return {
      stepOverhead: overhead,
      rollbackMs: {
        workspace10Files: bySize.small.rollback,
        workspace20000Files: bySize.large.rollback,
        ratio: round(bySize.large.rollback.p50 / bySize.small.rollback.p50),
      },
      commitOneFileMs: {
        workspace10Files: bySize.small.commit,
        workspace20000Files: bySize.large.commit,
        ratio: round(bySize.large.commit.p50 / bySize.small.commit.p50),
      },
      // The whole one-file step, for comparison: its `docker diff` walks the workspace on this engine.
      oneFileStepMs: {
        workspace10Files: bySize.small.step,
        workspace20000Files: bySize.large.step,
        ratio: round(bySize.large.step.p50 / bySize.small.step.p50),
      },
      plan300Steps: long,
      workspaceImport20000Files: imports,
    };
  } finally {
    dir.cleanup();
  }
}

function makeWorkspace(path: string, files: number): string {
  for (let i = 0; i < files; i += 1) {
    const folder = join(path, `d${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `f${i}.txt`), `file ${i}\n`.repeat(20));
  }
  return path;
}

async function importThroughput(workspace: string) {
  const planId = `bench-import-${process.pid}`;
  const samples: { ms: number; files: number; bytes: number }[] = [];
  try {
    for (let r = 0; r < 3; r += 1) {
      const result = await importWorkspace(docker, {
        planId,
        image: IMAGE,
        hostPath: workspace,
        exclude: [],
        maxBytes: 1 << 30,
      });
      samples.push({ ms: result.durationMs, files: result.files, bytes: result.bytes });
    }
  } finally {
    await removePlanResources(docker, planId);
  }
  const best = samples.reduce((a, b) => (a.ms < b.ms ? a : b));
  return {
    files: best.files,
    megabytes: round(best.bytes / 1e6),
    msPerImport: samples.map((s) => round(s.ms)),
    filesPerSecond: round(best.files / (best.ms / 1000), 0),
    megabytesPerSecond: round(best.bytes / 1e6 / (best.ms / 1000)),
  };
}

function newPlanbox(base: string, name: string): Planbox {
  return createPlanbox({ dataDir: join(base, `home-${name}`) });
}

async function importPlan(planbox: Planbox, name: string, workspace: string, steps: object[]) {
  await invoke(
    planbox.handlers,
    'planImport',
    { text: stringify({ name, sandbox: { image: IMAGE }, steps }), fileName: `${name}.yaml`, workspace },
    user,
  );
  await invoke(planbox.handlers, 'planApprove', { plan: name }, user);
}

const trivialSteps = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    title: `Step ${i}`,
    kind: 'command',
    command: `echo ${i} > out-${i}.txt`,
    ...(i ? { dependsOn: [`s${i - 1}`] } : {}),
  }));

/** The same trivial step through Planbox and as bare dockerode calls, alternating, from the same image. */
async function stepOverhead(base: string, workspace: string) {
  const planbox = newPlanbox(base, 'overhead');
  const rounds = 20;
  try {
    await importPlan(planbox, 'overhead', workspace, trivialSteps(rounds + 1));
    await invoke(planbox.handlers, 'planRun', { plan: 'overhead' }, user); // makes the base snapshot
    const planboxMs: number[] = [];
    const rawMs: number[] = [];
    const baseImage = planbox.store.sqlite
      .prepare("SELECT image_id AS id FROM snapshots WHERE kind = 'base'")
      .get() as { id: string };
    for (let r = 0; r < rounds; r += 1) {
      const a = performance.now();
      await invoke(planbox.handlers, 'planRun', { plan: 'overhead' }, user);
      planboxMs.push(performance.now() - a);
      const b = performance.now();
      await rawStep(baseImage.id, r);
      rawMs.push(performance.now() - b);
    }
    return {
      planboxMs: summary(planboxMs),
      rawDockerodeMs: summary(rawMs),
      ratioOfMeans: round(mean(planboxMs) / mean(rawMs)),
    };
  } finally {
    await invoke(planbox.handlers, 'planDelete', { plan: 'overhead' }, user);
    await planbox.settle();
    planbox.close();
  }
}

/** The baseline: create, start, exec, commit, remove with dockerode and nothing else. */
async function rawStep(imageId: string, r: number): Promise<void> {
  const container = await docker.createContainer({
    Image: imageId,
    Cmd: ['sleep', '2147483647'],
    WorkingDir: '/workspace',
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: `bench-raw-${process.pid}` },
    HostConfig: {
      Init: true,
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: 256,
      Memory: 1 << 30,
    },
  });
  await container.start();
  const exec = await container.exec({
    Cmd: ['sh', '-c', `echo ${r} > out-${r}.txt`],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({});
  await new Promise((done) => (stream.on('end', done), stream.resume()));
  await container.stop({ t: 1 });
  const image = (await container.commit()) as { Id: string };
  await container.remove({ force: true });
  await docker.getImage(image.Id).remove({ noprune: true });
}

/**
 * Rollback through Planbox, and the commit of a one-file change timed on its own (the same
 * create/start/exec/stop/commit as a step, with the commit measured alone), against workspace size.
 */
async function rollbackAndCommit(base: string, label: string, workspace: string) {
  const planbox = newPlanbox(base, `size-${label}`);
  const name = `size-${label}`;
  const rounds = 20;
  try {
    await importPlan(planbox, name, workspace, [
      { id: 'a', title: 'A', kind: 'write_file', path: 'a.txt', content: 'a\n' },
      { id: 'b', title: 'B', kind: 'write_file', path: 'b.txt', content: 'b\n', dependsOn: ['a'] },
    ]);
    await invoke(planbox.handlers, 'planRun', { plan: name }, user);
    const rollback: number[] = [];
    const step: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const run = await invoke(planbox.handlers, 'planRun', { plan: name }, user);
      step.push(run.steps[0]!.durationMs);
      const start = performance.now();
      await invoke(planbox.handlers, 'planRollback', { plan: name, to: 'b' }, user);
      rollback.push(performance.now() - start);
      await planbox.settle(); // the undone step's image is freed in the background; not part of the rollback
    }
    const head = planbox.store.sqlite.prepare("SELECT image_id AS id FROM snapshots WHERE step_id = 'a'").get() as {
      id: string;
    };
    const commit: number[] = [];
    for (let r = 0; r < rounds; r += 1) commit.push(await commitOneFile(head.id, r));
    return { rollback: summary(rollback), commit: summary(commit), step: summary(step) };
  } finally {
    await invoke(planbox.handlers, 'planDelete', { plan: name }, user);
    await planbox.settle();
    planbox.close();
  }
}

async function commitOneFile(imageId: string, r: number): Promise<number> {
  const container = await docker.createContainer({
    Image: imageId,
    Cmd: ['sleep', '2147483647'],
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: `bench-commit-${process.pid}` },
    HostConfig: { Init: true, NetworkMode: 'none' },
  });
  try {
    await container.start();
    const exec = await container.exec({ Cmd: ['sh', '-c', `echo ${r} > /workspace/one-${r}.txt`], AttachStdout: true });
    const stream = await exec.start({});
    await new Promise((done) => (stream.on('end', done), stream.resume()));
    await container.stop({ t: 1 });
    const start = performance.now();
    const image = (await container.commit()) as { Id: string };
    const ms = performance.now() - start;
    await docker.getImage(image.Id).remove({ noprune: true });
    return ms;
  } finally {
    await container.remove({ force: true });
  }
}

async function longPlan(base: string, workspace: string) {
  const planbox = newPlanbox(base, 'long');
  try {
    await importPlan(planbox, 'long', workspace, trivialSteps(300));
    const start = performance.now();
    const report = await invoke(planbox.handlers, 'planRun', { plan: 'long', auto: true }, user);
    const totalMs = performance.now() - start;
    const events = planbox.audit.list({ type: 'step.completed', limit: 1000 });
    const flattens = events
      .map((e) => (JSON.parse(e.payload) as { flattenedMs: number | null }).flattenedMs)
      .filter((ms): ms is number => ms !== null);
    const stepMs = report.steps.map((s) => s.durationMs);
    return {
      stopped: report.stopped,
      steps: report.steps.length,
      snapshots: new Set(report.steps.map((s) => s.snapshotId)).size,
      totalSeconds: round(totalMs / 1000),
      meanStepMs: mean(stepMs),
      meanPerStepIncludingBookkeepingMs: round(totalMs / report.steps.length),
      flattens: flattens.length,
      flattenMs: flattens,
    };
  } finally {
    await invoke(planbox.handlers, 'planDelete', { plan: 'long' }, user);
    await planbox.settle();
    planbox.close();
  }
}
