/** Reading and writing plan files: text in, checked plan data out, and back. No file system here. */
export { PlanFileError, type PlanFileFormat, type PlanFileLocation } from './plan-file-error';
export { parsePlanText, MAX_PLAN_FILE_BYTES, MAX_YAML_ALIAS_COUNT, type ParsedPlanText } from './parse-plan-text';
export { detectFormat, TINYCODE_STEP_TYPES } from './detect-format';
export { toPlanboxInput, type ConversionResult } from './to-planbox-input';
export { formatSchemaError, describeSchemaIssues } from './schema-errors';
export { loadPlanDocument, type LoadedPlanDocument } from './load-plan-document';
export { serializePlan } from './serialize-plan';
