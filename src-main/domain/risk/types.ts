import type { RiskLevel } from '../risk-level';

/** One fact that raised a step's risk, in words a reviewer understands. */
export interface RiskReason {
  /** Stable id ('command.rm-recursive'); the UI and audit log group by it, so never rename one. */
  rule: string;
  level: RiskLevel;
  message: string;
}

export interface StepRisk {
  /** The highest level among the reasons (there is always at least one: the step kind's). */
  level: RiskLevel;
  reasons: RiskReason[];
}

export interface PlanRisk {
  /** The highest step level; LOW for a plan without steps. */
  level: RiskLevel;
  /** Keyed by step id. */
  steps: Record<string, StepRisk>;
}

/**
 * A reason together with where in the step it was found ('command', 'acceptance[1].command',
 * 'effects.delete[0]', ...). Validation turns the location into a field path; the public
 * StepRisk leaves it out.
 */
export interface LocatedReason extends RiskReason {
  where: string;
}

/** A rule over shell text (a step's command, an acceptance check, an agent's instruction). */
export interface CommandRule {
  id: string;
  level: RiskLevel;
  /** Verb phrase that completes "the command …" / "the instruction mentions a command that …". */
  message: string;
  test: (text: string) => boolean;
  /** The step cannot work without network access when this rule matches. */
  needsNetwork?: boolean;
  /** Rules this one makes redundant when both match (a forced push is also a push). */
  supersedes?: readonly string[];
}

/** A rule over one path a step touches (already normalised: forward slashes, no `./`). */
export interface PathRule {
  id: string;
  level: RiskLevel;
  /** Why such a path matters; the matching paths are appended. */
  message: string;
  test: (normalizedPath: string) => boolean;
}
