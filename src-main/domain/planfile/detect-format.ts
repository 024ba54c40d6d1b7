import { asRecords, isRecord } from './convert-helpers';
import type { PlanFileFormat } from './plan-file-error';

/** TinyCode's step types; a step with one of these in `type` is TinyCode's. */
export const TINYCODE_STEP_TYPES = [
  'create_file',
  'modify_file',
  'delete_file',
  'execute_command',
  'install_package',
  'refactor_code',
] as const;

const CONTEXT_ENGINE_STEP_KEYS = [
  'files_to_create',
  'files_to_modify',
  'files_to_delete',
  'acceptance_criteria',
  'depends_on',
];

/**
 * Tells which format a parsed plan document is in, from the keys only the seed formats use.
 * Anything else is taken as a Planbox plan, so its schema errors point at the real mistake.
 */
export function detectFormat(document: unknown): PlanFileFormat {
  if (!isRecord(document)) return 'planbox';
  const steps = asRecords(document.steps);
  if (steps.some((step) => 'kind' in step)) return 'planbox';

  if (steps.some((step) => 'step_number' in step)) return 'context-engine';
  if ('goal' in document && steps.some((step) => CONTEXT_ENGINE_STEP_KEYS.some((key) => key in step))) {
    return 'context-engine';
  }

  const tinyTypes: readonly string[] = TINYCODE_STEP_TYPES;
  if (steps.some((step) => (typeof step.type === 'string' && tinyTypes.includes(step.type)) || 'target' in step)) {
    return 'tinycode';
  }
  if ('description' in document && 'risk_level' in document) return 'tinycode';
  return 'planbox';
}
