import type { CommandRule, RiskReason } from './types';
import { DESTRUCTIVE_COMMAND_RULES } from './command-rules-destructive';
import { REACH_COMMAND_RULES } from './command-rules-reach';

/** Every rule over shell text, most severe families first. Ids are stable; the table is the documentation. */
export const COMMAND_RULES: readonly CommandRule[] = [...DESTRUCTIVE_COMMAND_RULES, ...REACH_COMMAND_RULES];

/** The rules that match `text`, without those a more specific match makes redundant. */
export function matchCommandRules(text: string): CommandRule[] {
  const matched = COMMAND_RULES.filter((rule) => rule.test(text));
  const superseded = new Set(matched.flatMap((rule) => rule.supersedes ?? []));
  return matched.filter((rule) => !superseded.has(rule.id));
}

/** Risk reasons for one piece of shell text, each message completing "the command …". */
export function scanCommand(text: string): RiskReason[] {
  return matchCommandRules(text).map(({ id, level, message }) => ({ rule: id, level, message }));
}

/** The matched rules that need network access, e.g. to explain why a step will fail without it. */
export function networkNeedsOf(text: string): CommandRule[] {
  return matchCommandRules(text).filter((rule) => rule.needsNetwork === true);
}
