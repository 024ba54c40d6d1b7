import { planSchema, type PlanDefinition } from '../plan-schema';
import { detectFormat } from './detect-format';
import { parsePlanText } from './parse-plan-text';
import type { PlanFileFormat } from './plan-file-error';
import { formatSchemaError } from './schema-errors';
import { toPlanboxInput } from './to-planbox-input';

export interface LoadedPlanDocument {
  plan: PlanDefinition;
  format: PlanFileFormat;
  /** Source keys the import left out (seed formats only), for the caller to show. */
  dropped: string[];
  notes: string[];
}

/** Reads plan text of any supported format into a checked PlanDefinition; throws PlanFileError. */
export function loadPlanDocument(text: string, fileName: string): LoadedPlanDocument {
  const { document } = parsePlanText(text, fileName);
  const format = detectFormat(document);
  const { input, dropped, notes } = toPlanboxInput(document, format, fileName);
  const result = planSchema.safeParse(input);
  if (!result.success) throw formatSchemaError(result.error, fileName, input, format);
  const plan = result.data;
  if (!plan.source) plan.source = { format, file: fileName };
  return { plan, format, dropped, notes };
}
