import type { PlanDefinition, StepDefinition } from '../plan-schema';
import { maxRisk, riskRank, type RiskLevel } from '../risk-level';
import { scanCommand } from './command-rules';
import { kindReason } from './kind-rules';
import { networkReason } from './network-rules';
import { DELETE_PATH_RULE, PATH_RULES } from './path-rules';
import type { LocatedReason, PathRule, PlanRisk, RiskReason, StepRisk } from './types';
import { normalizeSlashes } from './workspace-path';

/**
 * An instruction that mentions a dangerous command is not the command: the model may do it
 * another way or not at all. Such mentions are capped at the agent kind's own level (HIGH), which
 * already requires a person's approval under every policy short of auto-approving HIGH.
 */
const PROMPT_MENTION_CAP: RiskLevel = 'HIGH';
/** How many matching paths a path reason names before it says "and N more". */
const PATHS_NAMED = 3;

interface PathUse {
  path: string;
  /** Normalised once here rather than once per rule. */
  normalized: string;
  where: string;
}

function pathUses(step: StepDefinition): { touched: PathUse[]; deleted: PathUse[] } {
  const touched: PathUse[] =
    'path' in step ? [{ path: step.path, normalized: normalizeSlashes(step.path), where: 'path' }] : [];
  const deleted: PathUse[] = [];
  for (const list of ['create', 'modify', 'delete'] as const) {
    step.effects[list].forEach((path, index) => {
      const use = { path, normalized: normalizeSlashes(path), where: `effects.${list}[${index}]` };
      touched.push(use);
      if (list === 'delete') deleted.push(use);
    });
  }
  return { touched, deleted };
}

function pathReason(rule: PathRule, uses: readonly PathUse[]): LocatedReason | undefined {
  const matching = uses.filter((use) => rule.test(use.normalized));
  const first = matching[0];
  if (!first) return undefined;
  const names = [...new Set(matching.map((use) => use.path))];
  const more = names.length > PATHS_NAMED ? ` and ${names.length - PATHS_NAMED} more` : '';
  const listed = names
    .slice(0, PATHS_NAMED)
    .map((path) => `'${path}'`)
    .join(', ');
  return { rule: rule.id, level: rule.level, message: `${rule.message}: ${listed}${more}`, where: first.where };
}

function pathReasons(step: StepDefinition): LocatedReason[] {
  const { touched, deleted } = pathUses(step);
  const reasons = PATH_RULES.map((rule) => pathReason(rule, touched));
  reasons.push(pathReason(DELETE_PATH_RULE, deleted));
  return reasons.filter((reason): reason is LocatedReason => reason !== undefined);
}

function commandReasons(step: StepDefinition): LocatedReason[] {
  const reasons: LocatedReason[] = [];
  if (step.kind === 'command') {
    for (const reason of scanCommand(step.command)) reasons.push({ ...reason, where: 'command' });
  }
  step.acceptance.forEach((check, index) => {
    if (check.command === undefined) return;
    for (const reason of scanCommand(check.command)) {
      const message = `acceptance check ${index + 1} ${reason.message}`;
      reasons.push({ ...reason, message, where: `acceptance[${index}].command` });
    }
  });
  if (step.kind === 'agent') {
    for (const reason of scanCommand(step.prompt)) {
      const level = riskRank(reason.level) > riskRank(PROMPT_MENTION_CAP) ? PROMPT_MENTION_CAP : reason.level;
      const message = `the instruction mentions a command that ${reason.message}`;
      reasons.push({ ...reason, level, message, where: 'prompt' });
    }
    if (step.shell) {
      reasons.push({
        rule: 'agent.shell',
        level: 'HIGH',
        message: 'lets the model run any shell command it chooses in the container',
        where: 'shell',
      });
    }
  }
  return reasons;
}

/** One reason per rule id, the most severe occurrence kept, most severe reasons first. */
function mergeReasons(reasons: readonly LocatedReason[]): LocatedReason[] {
  const byRule = new Map<string, LocatedReason>();
  for (const reason of reasons) {
    const kept = byRule.get(reason.rule);
    if (!kept || riskRank(reason.level) > riskRank(kept.level)) byRule.set(reason.rule, reason);
  }
  // Array.prototype.sort is stable, so equal levels keep the order they were found in.
  return [...byRule.values()].sort((a, b) => riskRank(b.level) - riskRank(a.level));
}

/**
 * Every reason for a step with where it was found (relative to the step: 'command',
 * 'acceptance[0].command', 'effects.delete[1]', ...). Validation uses the locations.
 */
export function locateStepReasons(step: StepDefinition, plan: Pick<PlanDefinition, 'sandbox'>): LocatedReason[] {
  const reasons: LocatedReason[] = [{ ...kindReason(step), where: 'kind' }];
  reasons.push(...pathReasons(step));
  const network = networkReason(step, plan);
  if (network) reasons.push({ ...network, where: 'network' });
  reasons.push(...commandReasons(step));
  return mergeReasons(reasons);
}

export function assessStep(step: StepDefinition, plan: Pick<PlanDefinition, 'sandbox'>): StepRisk {
  const reasons: RiskReason[] = locateStepReasons(step, plan).map(({ rule, level, message }) => ({
    rule,
    level,
    message,
  }));
  return { level: maxRisk(reasons.map((reason) => reason.level)), reasons };
}

export function assessPlan(plan: PlanDefinition): PlanRisk {
  const steps: Record<string, StepRisk> = {};
  for (const step of plan.steps) {
    // A repeated id is a graph error reported by validation; keep the riskier assessment meanwhile.
    const risk = assessStep(step, plan);
    const earlier = steps[step.id];
    if (!earlier || riskRank(risk.level) > riskRank(earlier.level)) steps[step.id] = risk;
  }
  return { level: maxRisk(Object.values(steps).map((risk) => risk.level)), steps };
}
