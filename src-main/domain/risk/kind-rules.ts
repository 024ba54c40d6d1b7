import type { StepDefinition, StepKind } from '../plan-schema';
import type { RiskLevel } from '../risk-level';
import type { RiskReason } from './types';
import { pathKey } from './workspace-path';

/**
 * The base level of each step kind, before its payload is looked at. Every step gets exactly one
 * of these reasons, so even a LOW step says why it is LOW.
 */
interface KindRule {
  level: RiskLevel;
  message: string;
}

export const KIND_RULES: Readonly<Record<StepKind, KindRule>> = {
  // Creating a file can be undone by deleting it; overwriting is handled below.
  write_file: { level: 'LOW', message: 'creates a file in the workspace' },
  // A diff changes existing code, and its effect depends on the file it lands on.
  patch_file: { level: 'MEDIUM', message: 'changes an existing file with a patch' },
  delete_file: { level: 'HIGH', message: 'deletes a file' },
  // Low on its own: the sandbox contains it and the snapshot undoes it; command patterns raise it.
  command: { level: 'LOW', message: 'runs a shell command inside the sandbox' },
  install_package: {
    level: 'HIGH',
    message: 'installs packages, which runs third-party install scripts and needs the network',
  },
  // What the model does is decided at run time, so the reviewer cannot see it in advance.
  agent: { level: 'HIGH', message: 'lets a model choose and run actions at run time' },
  check: { level: 'LOW', message: 'only runs acceptance checks' },
  // Planbox neither runs nor snapshots a manual step, so it cannot roll it back.
  manual: { level: 'MEDIUM', message: 'is done by a person outside the sandbox, and Planbox cannot undo it' },
};

const OVERWRITE_RULE: KindRule = {
  level: 'MEDIUM',
  message: 'overwrites an existing file (declared in effects.modify)',
};

export function kindReason(step: StepDefinition): RiskReason {
  if (step.kind === 'write_file') {
    const target = pathKey(step.path);
    if (step.effects.modify.some((path) => pathKey(path) === target)) {
      return { rule: 'kind.write_file.overwrite', ...OVERWRITE_RULE };
    }
  }
  return { rule: `kind.${step.kind}`, ...KIND_RULES[step.kind] };
}
