import {
  asRecords,
  asString,
  asStringList,
  baseName,
  DroppedKeys,
  isRecord,
  joinPath,
  lowerEnum,
  shorten,
  type JsonRecord,
} from './convert-helpers';

export interface ConversionResult {
  /** A Planbox plan document, still to be checked against the plan schema. */
  input: unknown;
  /** Key paths of the source that the Planbox model has no place for. */
  dropped: string[];
  /** One-line explanations of mappings that lose or assume something. */
  notes: string[];
}

const PLAN_KEYS = [
  'name',
  'title',
  'goal',
  'tags',
  'scope',
  'risks',
  'milestones',
  'testing_strategy',
  'questions_for_clarification',
  'steps',
];
const STEP_KEYS = [
  'step_number',
  'id',
  'title',
  'description',
  'files_to_create',
  'files_to_modify',
  'files_to_delete',
  'depends_on',
  'acceptance_criteria',
  'priority',
  'estimated_effort',
];
const SCOPE_KEYS = ['included', 'excluded', 'assumptions', 'constraints'] as const;
const LEVELS = ['low', 'medium', 'high'] as const;

/**
 * Converts a Context Engine plan (its EnhancedPlanOutput JSON) into a Planbox plan document. Its
 * steps describe work (files, criteria) but carry no action Planbox can run, so each becomes a
 * `manual` step that an agent or a person carries out and reports.
 */
export function convertContextEngine(source: JsonRecord, fileName: string): ConversionResult {
  const dropped = new DroppedKeys();
  const notes: string[] = [];
  dropped.unused(source, PLAN_KEYS, '');

  const rawSteps: unknown[] = Array.isArray(source.steps) ? source.steps : [];
  const idByNumber = new Map<number, string>();
  rawSteps.forEach((step, index) => {
    if (!isRecord(step)) return;
    const number = stepNumber(step, index);
    idByNumber.set(number, stepId(step, number));
  });
  const idFor = (reference: unknown): string | undefined => {
    const text = asString(reference)?.trim();
    if (!text) return undefined;
    if (!/^\d+$/.test(text)) return text;
    // A number no step carries stays visible as step-<n>, so graph validation names it.
    return idByNumber.get(Number(text)) ?? `step-${text}`;
  };

  const goal = asString(source.goal) ?? '';
  const input: JsonRecord = {
    name:
      asString(source.name)?.trim() ||
      asString(source.title)?.trim() ||
      (goal.trim() ? shorten(goal, 80) : baseName(fileName)),
    goal,
  };
  const tags = asStringList(source.tags);
  if (tags.length > 0) input.tags = tags;
  if (isRecord(source.scope)) input.scope = convertScope(source.scope, dropped);
  if (Array.isArray(source.risks)) input.risks = convertRisks(source.risks, dropped);
  if (Array.isArray(source.milestones)) {
    input.milestones = asRecords(source.milestones).map((milestone, index) => {
      dropped.unused(milestone, ['name', 'steps_included', 'estimated_time'], `milestones[${index}]`);
      const converted: JsonRecord = {
        name: asString(milestone.name) ?? `Milestone ${index + 1}`,
        steps: asStringList(milestone.steps_included)
          .map(idFor)
          .filter((id) => id !== undefined),
      };
      const estimatedTime = asString(milestone.estimated_time);
      if (estimatedTime) converted.estimatedTime = estimatedTime;
      return converted;
    });
  }
  const testing = convertTestingStrategy(source.testing_strategy, dropped);
  if (testing !== undefined) input.testingStrategy = testing;
  const questions = asStringList(source.questions_for_clarification);
  if (questions.length > 0) input.questions = questions;

  input.steps = rawSteps.map((step, index) => {
    // Anything that is not an object is passed on as it is, for the schema to name.
    if (!isRecord(step)) return step;
    dropped.unused(step, STEP_KEYS, `steps[${index}]`);
    return convertStep(step, index, idFor, dropped, notes);
  });
  if (rawSteps.length > 0) {
    notes.unshift(
      `Context Engine steps describe work but no action to run; imported ${rawSteps.length} steps as manual steps, carried out by an agent or a person and reported done`,
    );
  }
  return { input, dropped: inSourceOrder(dropped.paths, source), notes };
}

/** Sorts dropped paths by where their top-level key stands in the source, as a reader meets them. */
function inSourceOrder(paths: string[], source: JsonRecord): string[] {
  const keys = Object.keys(source);
  const rank = (path: string): number => keys.indexOf(/^[^.[]+/.exec(path)?.[0] ?? path);
  return paths
    .map((path, index) => ({ path, index }))
    .sort((a, b) => rank(a.path) - rank(b.path) || a.index - b.index)
    .map(({ path }) => path);
}

function stepNumber(step: JsonRecord, index: number): number {
  const number = Number(step.step_number);
  return Number.isInteger(number) && number > 0 ? number : index + 1;
}

function stepId(step: JsonRecord, number: number): string {
  return asString(step.id)?.trim() || `step-${number}`;
}

function convertStep(
  step: JsonRecord,
  index: number,
  idFor: (reference: unknown) => string | undefined,
  dropped: DroppedKeys,
  notes: string[],
): JsonRecord {
  const number = stepNumber(step, index);
  const description = asString(step.description);
  const converted: JsonRecord = {
    id: stepId(step, number),
    title: asString(step.title)?.trim() || (description?.trim() ? shorten(description) : `Step ${number}`),
  };
  if (description) converted.description = description;
  converted.kind = 'manual';
  const dependsOn = (Array.isArray(step.depends_on) ? step.depends_on : []).map(idFor).filter((id) => id !== undefined);
  if (dependsOn.length > 0) converted.dependsOn = dependsOn;
  const acceptance = convertCriteria(step.acceptance_criteria);
  if (acceptance.length > 0) converted.acceptance = acceptance;
  const effects = {
    create: asStringList(step.files_to_create),
    modify: asStringList(step.files_to_modify),
    delete: asStringList(step.files_to_delete),
  };
  if (effects.create.length + effects.modify.length + effects.delete.length > 0) converted.effects = effects;

  if (step.priority !== undefined) {
    const priority = lowerEnum(step.priority, [...LEVELS, 'critical']);
    if (priority === 'critical') {
      converted.priority = 'high';
      notes.push(`steps[${index}]: priority 'critical' imported as 'high', Planbox's highest priority`);
    } else if (priority) converted.priority = priority;
    else dropped.add(`steps[${index}].priority`);
  }
  const effort = asString(step.estimated_effort);
  if (effort) converted.effort = effort;
  return converted;
}

function convertCriteria(value: unknown): JsonRecord[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((criterion): JsonRecord[] => {
    const text = asString(criterion);
    if (text?.trim()) return [{ description: text }];
    if (!isRecord(criterion)) return [];
    const description = asString(criterion.description) ?? asString(criterion.criterion);
    if (!description?.trim()) return [];
    const command = asString(criterion.command);
    return [command ? { description, command } : { description }];
  });
}

function convertScope(scope: JsonRecord, dropped: DroppedKeys): JsonRecord {
  dropped.unused(scope, SCOPE_KEYS, 'scope');
  const converted: JsonRecord = {};
  for (const key of SCOPE_KEYS) {
    const items = asStringList(scope[key]);
    if (items.length > 0) converted[key] = items;
  }
  return converted;
}

function convertRisks(risks: unknown[], dropped: DroppedKeys): JsonRecord[] {
  return risks.flatMap((risk, index): JsonRecord[] => {
    const path = `risks[${index}]`;
    if (typeof risk === 'string') return [{ issue: risk }];
    if (!isRecord(risk)) {
      dropped.add(path);
      return [];
    }
    dropped.unused(risk, ['issue', 'mitigation', 'likelihood'], path);
    const converted: JsonRecord = { issue: asString(risk.issue) ?? '' };
    const mitigation = asString(risk.mitigation);
    if (mitigation) converted.mitigation = mitigation;
    if (risk.likelihood !== undefined) {
      const likelihood = lowerEnum(risk.likelihood, LEVELS);
      if (likelihood) converted.likelihood = likelihood;
      else dropped.add(`${path}.likelihood`);
    }
    return [converted];
  });
}

function convertTestingStrategy(value: unknown, dropped: DroppedKeys): string | Record<string, string> | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) {
    if (value !== undefined) dropped.add('testing_strategy');
    return undefined;
  }
  const strategy: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const text = Array.isArray(item) ? asStringList(item).join('; ') : asString(item);
    if (text !== undefined) strategy[key] = text;
    else dropped.add(joinPath('testing_strategy', key));
  }
  return strategy;
}
