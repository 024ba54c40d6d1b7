import { convertContextEngine, type ConversionResult } from './convert-context-engine';
import { isRecord } from './convert-helpers';
import { convertTinyCode } from './convert-tinycode';
import type { PlanFileFormat } from './plan-file-error';

export type { ConversionResult } from './convert-context-engine';

/**
 * Turns a parsed document of any supported format into a Planbox plan document (the input of
 * `planSchema`), with the source keys it had to leave out and notes on lossy mappings. A Planbox
 * document, or anything that is not an object, passes through unchanged for the schema to judge.
 */
export function toPlanboxInput(document: unknown, format: PlanFileFormat, fileName: string): ConversionResult {
  if (format === 'planbox' || !isRecord(document)) return { input: document, dropped: [], notes: [] };
  if (format === 'context-engine') return convertContextEngine(document, fileName);
  return convertTinyCode(document, fileName);
}
