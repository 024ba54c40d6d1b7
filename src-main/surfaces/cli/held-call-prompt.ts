import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { AgentCallView } from '../../../src-preload/contract';
import type { CliContext } from './context';
import { describeCall, editableText, withEditedText } from './agent-call-text';

/** How often an open prompt checks whether the call was decided elsewhere (the app, another terminal). */
const ELSEWHERE_POLL_MS = 500;

/**
 * While a run goes on, tells about each tool call it holds for a person (--hitl). At a terminal
 * the call is shown and asked about; elsewhere a line says how to decide it. The call can be
 * decided from the app or another terminal at the same time: an open prompt then closes.
 * Returns a function that stops listening.
 */
export function announceHeldCalls(ctx: CliContext, options: { interactive: boolean; onInterrupt: () => void }) {
  const seen = new Set<string>();
  let queue = Promise.resolve();
  const stop = ctx.app.events.on('plan.changed', (event) => {
    if (event.reason !== 'agent.call_held') return;
    queue = queue.then(async () => {
      const pending = await ctx.call('agentCalls', { plan: event.planId });
      for (const call of pending.filter((c) => !seen.has(c.id))) {
        seen.add(call.id);
        if (options.interactive)
          await ask(ctx, call, options.onInterrupt).catch((error: Error) => ctx.err(`planbox: ${error.message}`));
        else hint(ctx, call);
      }
    });
  });
  return stop;
}

function hint(ctx: CliContext, call: AgentCallView): void {
  ctx.err(`waiting for a decision: ${describeCall(call, 0)[0]}`);
  ctx.err(`  planbox agent approve ${call.id} | reject ${call.id} --comment TEXT | edit ${call.id} --file FILE`);
}

async function ask(ctx: CliContext, call: AgentCallView, onInterrupt: () => void): Promise<void> {
  describeCall(call).forEach((line) => ctx.err(line));
  const elsewhere = new AbortController();
  const watch = setInterval(() => {
    void ctx.call('agentCalls', { plan: call.planId }).then((pending) => {
      if (!pending.some((c) => c.id === call.id)) elsewhere.abort();
    });
  }, ELSEWHERE_POLL_MS);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on('SIGINT', () => {
    elsewhere.abort();
    onInterrupt();
  });
  try {
    for (;;) {
      const answer = (
        await rl.question('allow it? [a]pprove, [r]eject, [e]dit in $EDITOR: ', { signal: elsewhere.signal })
      )
        .trim()
        .toLowerCase();
      if (answer === 'a' || answer === 'approve') {
        await decide(ctx, call, { decision: 'approve' });
        return;
      }
      if (answer === 'r' || answer === 'reject') {
        const comment = (await rl.question('why (the model is told; optional): ', { signal: elsewhere.signal })).trim();
        await decide(ctx, call, { decision: 'reject', ...(comment ? { comment } : {}) });
        return;
      }
      if (answer === 'e' || answer === 'edit') {
        rl.pause();
        const text = editInEditor(call);
        rl.resume();
        if (text === null) {
          ctx.err('the editor failed or was left without saving; nothing was decided');
          continue;
        }
        await decide(ctx, call, { decision: 'edit', input: withEditedText(call, text) });
        return;
      }
    }
  } catch (error) {
    if (!elsewhere.signal.aborted) throw error;
    ctx.err(`call ${call.id} was decided elsewhere (or its step stopped)`);
  } finally {
    clearInterval(watch);
    rl.close();
  }
}

async function decide(
  ctx: CliContext,
  call: AgentCallView,
  decision:
    | { decision: 'approve' }
    | { decision: 'reject'; comment?: string }
    | { decision: 'edit'; input: Record<string, unknown> },
): Promise<void> {
  const decided = await ctx.call('agentCallDecide', { id: call.id, ...decision });
  ctx.err(`${decided.status}: ${call.tool}`);
}

/** Opens the call's text in $VISUAL/$EDITOR (vi by default); the saved text, or null when unchanged or failed. */
function editInEditor(call: AgentCallView): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'planbox-edit-'));
  const suffix = call.tool === 'run_command' ? '.sh' : call.tool === 'apply_patch' ? '.diff' : '';
  const file = join(dir, `${call.id}${suffix}`);
  try {
    const before = editableText(call);
    writeFileSync(file, before);
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    // Through sh, so an editor setting with arguments ("code --wait") works; the file is passed as $1.
    const run = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
    if (run.status !== 0) return null;
    const after = readFileSync(file, 'utf8');
    return after === before ? null : after;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
