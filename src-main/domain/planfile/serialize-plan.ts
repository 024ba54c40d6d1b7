import { Document, isScalar, visit } from 'yaml';
import { policySchema, sandboxSchema, type PlanDefinition } from '../plan-schema';
import { isRecord, type JsonRecord } from './convert-helpers';
import { STEP_KEY_ORDER } from './step-key-order';

const PLAN_KEY_ORDER = [
  'name',
  'goal',
  'tags',
  'workspace',
  'sandbox',
  'policy',
  'scope',
  'risks',
  'milestones',
  'testingStrategy',
  'questions',
  'steps',
];
const DEFAULT_SANDBOX = sandboxSchema.parse({});
const DEFAULT_POLICY = policySchema.parse({});
/** A list of short plain items reads best on one line: `dependsOn: [setup, lint]`. */
const FLOW_LIST_MAX_CHARS = 60;

/**
 * Writes a plan as a Planbox plan file: keys in reading order, defaults a person would not write
 * left out, multi-line strings as YAML block scalars. Loading the result gives the same plan back.
 */
export function serializePlan(plan: PlanDefinition, format: 'yaml' | 'json'): string {
  const writable = writablePlan(plan);
  if (format === 'json') return `${JSON.stringify(writable, null, 2)}\n`;
  // A value shared between two steps must be written out twice, never as a YAML anchor and alias.
  const doc = new Document(writable, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_key, node) {
      const items = node.items;
      const short = items.every(
        (item) => isScalar(item) && typeof item.value === 'string' && !/[\n#]/.test(item.value),
      );
      const length = items.reduce<number>(
        (sum, item) => sum + (isScalar(item) ? String(item.value).length + 2 : Infinity),
        0,
      );
      if (items.length > 0 && short && length <= FLOW_LIST_MAX_CHARS) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: false });
}

function writablePlan(plan: PlanDefinition): JsonRecord {
  const out: JsonRecord = { ...plan };
  delete out.source;
  if (plan.goal === '') delete out.goal;
  if (plan.tags.length === 0) delete out.tags;
  if (plan.workspace) out.workspace = withoutEmpty(plan.workspace);
  out.sandbox = deepEqual(plan.sandbox, DEFAULT_SANDBOX) ? undefined : withoutEmpty(plan.sandbox);
  out.policy = deepEqual(plan.policy, DEFAULT_POLICY)
    ? undefined
    : withoutKeys(plan.policy, { failOnUndeclaredChanges: false });
  if (plan.scope) out.scope = withoutEmpty(plan.scope);
  if (plan.risks) out.risks = plan.risks.map((risk) => withoutKeys(risk, { mitigation: '' }));
  if (plan.milestones) out.milestones = plan.milestones.map((milestone) => withoutEmpty(milestone));
  out.steps = plan.steps.map((step) => {
    const written = withoutEmpty(withoutKeys(step, { checkpoint: false }));
    const effects = withoutEmpty(step.effects);
    written.effects = Object.keys(effects).length > 0 ? effects : undefined;
    return ordered(written, STEP_KEY_ORDER);
  });
  return ordered(out, PLAN_KEY_ORDER);
}

/** Keys in the given order first, any others after them, undefined values left out. */
function ordered(record: JsonRecord, order: readonly string[]): JsonRecord {
  const result: JsonRecord = {};
  for (const key of order) if (record[key] !== undefined) result[key] = record[key];
  for (const [key, value] of Object.entries(record)) if (!(key in result) && value !== undefined) result[key] = value;
  return result;
}

/** Drops empty lists and empty mappings, which the schema fills in again as defaults. */
function withoutEmpty(record: object): JsonRecord {
  const result: JsonRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isRecord(value) && Object.keys(value).length === 0) continue;
    result[key] = value;
  }
  return result;
}

function withoutKeys(record: object, defaults: JsonRecord): JsonRecord {
  const result: JsonRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (key in defaults && defaults[key] === value) continue;
    result[key] = value;
  }
  return result;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
}
