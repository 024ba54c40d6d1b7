import type { ConversionResult } from './convert-context-engine';
import { asString, baseName, DroppedKeys, isRecord, shorten, type JsonRecord } from './convert-helpers';

const PLAN_KEYS = ['id', 'name', 'description', 'steps'];
const STEP_KEYS = [
  'type',
  'target',
  'content',
  'action',
  'line_range',
  'command',
  'manager',
  'description',
  'validation',
  'checkpoint',
  'timeout',
];

/**
 * Converts a TinyCode plan into a Planbox plan document. TinyCode runs its steps in order, so each
 * step depends on the one before it. Its step types map onto Planbox kinds where the meaning is
 * the same; edits Planbox cannot replay exactly (a line range, a refactoring) become manual steps
 * whose description spells out what TinyCode would have done.
 */
export function convertTinyCode(source: JsonRecord, fileName: string): ConversionResult {
  const dropped = new DroppedKeys();
  const notes: string[] = [];
  dropped.unused(source, PLAN_KEYS, '');

  const description = asString(source.description) ?? '';
  const name =
    asString(source.name)?.trim() ||
    asString(source.id)?.trim() ||
    (description.trim() ? shorten(description, 80) : baseName(fileName));
  const rawSteps: unknown[] = Array.isArray(source.steps) ? source.steps : [];
  const steps = rawSteps.map((step, index) => {
    if (!isRecord(step)) return step;
    dropped.unused(step, STEP_KEYS, `steps[${index}]`);
    const converted = convertStep(step, index, dropped, notes);
    if (index > 0) converted.dependsOn = [`step-${index}`];
    return converted;
  });
  if (rawSteps.some((step) => isRecord(step) && step.rollback !== undefined)) {
    notes.push('TinyCode rollback settings are not needed: Planbox snapshots the sandbox before every step');
  }
  return { input: { name, goal: description, steps }, dropped: dropped.paths, notes };
}

function convertStep(step: JsonRecord, index: number, dropped: DroppedKeys, notes: string[]): JsonRecord {
  const id = `step-${index + 1}`;
  const type = asString(step.type) ?? '';
  const target = asString(step.target);
  const content = asString(step.content);
  const note = (text: string): void => {
    notes.push(`steps[${index}] (${type || 'no type'}): ${text}`);
  };
  let converted: JsonRecord;

  switch (type) {
    case 'create_file':
      converted = { id, title: `Create ${target ?? 'file'}`, kind: 'write_file', path: target, content: content ?? '' };
      if (target) converted.effects = { create: [target] };
      break;
    case 'modify_file':
      if (content !== undefined && step.line_range === undefined) {
        converted = { id, title: `Modify ${target ?? 'file'}`, kind: 'write_file', path: target, content };
        if (target) converted.effects = { modify: [target] };
        note('imported as a write of the whole file with the given content; check the content is the complete file');
      } else {
        converted = manualStep(id, `Modify ${target ?? 'file'}`, step);
        note('an edit of part of a file cannot be replayed exactly; imported as a manual step describing the edit');
      }
      break;
    case 'refactor_code':
      converted = manualStep(id, `Refactor ${target ?? 'code'}`, step);
      note('refactoring has no exact Planbox action; imported as a manual step describing it');
      break;
    case 'delete_file':
      converted = { id, title: `Delete ${target ?? 'file'}`, kind: 'delete_file', path: target };
      if (target) converted.effects = { delete: [target] };
      break;
    case 'execute_command': {
      const command = asString(step.command) ?? content ?? target;
      converted = { id, title: `Run: ${shorten(command ?? 'command', 60)}`, kind: 'command', command };
      break;
    }
    case 'install_package': {
      const names = (target ?? content ?? '').split(/[\s,]+/).filter((name) => name.length > 0);
      const manager = asString(step.manager);
      if (!manager) note("names no package manager; assumed 'pip' (TinyCode is a Python tool)");
      converted = {
        id,
        title: `Install ${names.join(', ') || 'packages'}`,
        kind: 'install_package',
        packages: { manager: manager ?? 'pip', names },
      };
      break;
    }
    default:
      converted = manualStep(id, target ? `${type || 'Step'} ${target}` : `Step ${index + 1}`, step);
      note('not a TinyCode step type Planbox knows; imported as a manual step');
  }

  const stepDescription = asString(step.description);
  if (stepDescription && converted.description === undefined) converted.description = stepDescription;
  applyValidation(step, index, converted, dropped);
  if (typeof step.checkpoint === 'boolean') converted.checkpoint = step.checkpoint;
  if (typeof step.timeout === 'number') converted.timeoutSec = step.timeout;
  return orderKeys(converted);
}

/** A manual step whose description says exactly what TinyCode would have done. */
function manualStep(id: string, title: string, step: JsonRecord): JsonRecord {
  const lines = [`TinyCode ${asString(step.type) ?? 'step'} on ${asString(step.target) ?? '(no target)'}`];
  const action = asString(step.action);
  if (action) lines.push(`Action: ${action}`);
  const range = Array.isArray(step.line_range) ? step.line_range.map(asString).filter(Boolean) : [];
  if (range.length > 0) lines.push(`Lines: ${range.join('-')}`);
  const stepDescription = asString(step.description);
  if (stepDescription) lines.push(stepDescription);
  const content = asString(step.content);
  if (content !== undefined) lines.push('Content:', content);
  const target = asString(step.target);
  const converted: JsonRecord = { id, title, description: lines.join('\n'), kind: 'manual' };
  if (target) converted.effects = { modify: [target] };
  return converted;
}

function applyValidation(step: JsonRecord, index: number, converted: JsonRecord, dropped: DroppedKeys): void {
  if (step.validation === undefined) return;
  if (!isRecord(step.validation)) {
    dropped.add(`steps[${index}].validation`);
    return;
  }
  // Planbox checks the syntax of written files itself; only test_after has a place: an acceptance check.
  dropped.unused(step.validation, ['test_after'], `steps[${index}].validation`);
  if (step.validation.test_after === true) {
    converted.acceptance = [{ description: 'The project tests pass after this step' }];
  }
}

const STEP_KEY_ORDER = ['id', 'title', 'description', 'kind', 'command', 'path', 'content', 'packages', 'dependsOn'];

function orderKeys(step: JsonRecord): JsonRecord {
  const ordered: JsonRecord = {};
  for (const key of STEP_KEY_ORDER) if (step[key] !== undefined) ordered[key] = step[key];
  for (const [key, value] of Object.entries(step)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return ordered;
}
