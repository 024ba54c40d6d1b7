import type { PlanDefinition, StepDefinition, StepKind } from '../plan-schema';
import type { RiskReason } from './types';

/**
 * Kinds whose action runs a process in the sandbox and so could use the network. Writing, patching
 * or deleting a file is done by Planbox itself and never does; a manual step is outside the sandbox.
 */
const NETWORK_CAPABLE_KINDS: ReadonlySet<StepKind> = new Set(['command', 'install_package', 'agent', 'check']);

export function networkReason(step: StepDefinition, plan: Pick<PlanDefinition, 'sandbox'>): RiskReason | undefined {
  if (!NETWORK_CAPABLE_KINDS.has(step.kind)) return undefined;
  if (plan.sandbox.network === 'bridge') {
    return {
      rule: 'network.enabled',
      level: 'MEDIUM',
      message: "can reach the network (the plan's sandbox.network is 'bridge')",
    };
  }
  if (step.network === true) {
    return { rule: 'network.enabled', level: 'MEDIUM', message: 'can reach the network (network: true on the step)' };
  }
  return undefined;
}
