import type { PlanDefinition, StepDefinition } from '../domain/plan-schema';
import type { StepAction } from '../sandbox/types';

/** Shell quoting for one argument: safe inside sh -c whatever the text holds. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const INSTALL_COMMANDS: Record<string, string> = {
  npm: 'npm install --no-fund --no-audit',
  pnpm: 'pnpm add',
  yarn: 'yarn add',
  pip: 'pip install',
  apt: 'apt-get install -y --no-install-recommends',
  cargo: 'cargo install',
  go: 'go install',
  gem: 'gem install',
  composer: 'composer require',
};

export type AgentStepDefinition = Extract<StepDefinition, { kind: 'agent' }>;

/** Whether agent steps can be run by an executor model, and if not, why not. */
export type ExecutorStatus = { ready: true } | { ready: false; why: string };

/**
 * What the sandbox does for a step, or why Planbox does not run it itself (manual steps are done
 * by a person; agent steps are run by the executor model when one is configured, else by hand).
 */
export function stepAction(
  step: StepDefinition,
  executor: ExecutorStatus = { ready: false, why: 'no executor model is configured' },
): { action: StepAction } | { agent: AgentStepDefinition } | { notRunnable: string } {
  switch (step.kind) {
    case 'command':
      return { action: { type: 'shell', command: step.command } };
    case 'write_file':
      return { action: { type: 'write', path: step.path, content: step.content } };
    case 'patch_file':
      return { action: { type: 'patch', path: step.path, patch: step.patch } };
    case 'delete_file':
      return { action: { type: 'delete', path: step.path } };
    case 'install_package': {
      const names = step.packages.names.map(shellQuote).join(' ');
      return { action: { type: 'shell', command: `${INSTALL_COMMANDS[step.packages.manager]} ${names}` } };
    }
    case 'check':
      return { action: { type: 'none' } };
    case 'manual':
      return {
        notRunnable: `step '${step.id}' is manual: do it yourself, then mark it done with: planbox plan complete ${step.id} --note "what you did"`,
      };
    case 'agent':
      if (executor.ready) return { agent: step };
      return {
        notRunnable: `step '${step.id}' is an agent step and Planbox cannot run it: ${executor.why}. Configure an executor model to have it run, or do it yourself and mark it done with: planbox plan complete ${step.id}`,
      };
  }
}

export function stepNeedsNetwork(plan: PlanDefinition, step: StepDefinition): boolean {
  return plan.sandbox.network === 'bridge' || step.network === true;
}

/** Changed paths a step did not declare in its effects (its own `path` counts as declared). */
export function undeclaredChanges(step: StepDefinition, changedPaths: string[]): string[] {
  const declared = new Set([...step.effects.create, ...step.effects.modify, ...step.effects.delete].map(normalise));
  if ('path' in step) declared.add(normalise(step.path));
  return changedPaths.filter((p) => !declared.has(normalise(p)));
}

function normalise(path: string): string {
  return path
    .replace(/^\/workspace\//, '')
    .replace(/^\.\//, '')
    .replace(/\/+$/, '');
}
