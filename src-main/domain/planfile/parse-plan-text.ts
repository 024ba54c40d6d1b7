import { LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import { findJsonProblem, lineColumnAt } from './json-syntax';
import { PlanFileError } from './plan-file-error';

/** Plan files above this size are refused before parsing: no real plan is that large. */
export const MAX_PLAN_FILE_BYTES = 16 * 1024 * 1024;

/**
 * How many alias uses a YAML plan may expand. A few anchors are a convenience; thousands are a
 * "billion laughs" file that would expand into gigabytes.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

export interface ParsedPlanText {
  document: unknown;
  syntax: 'yaml' | 'json';
}

/** Parses plan text as JSON or YAML (one document only). Errors name the file, line and column. */
export function parsePlanText(text: string, fileName: string): ParsedPlanText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  rejectOversized(body, fileName);
  if (isJson(body, fileName)) return { document: parseJson(body, fileName), syntax: 'json' };
  return { document: parseYaml(body, fileName), syntax: 'yaml' };
}

function isJson(text: string, fileName: string): boolean {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return true;
  // A .yaml file may use YAML flow style `{ name: x }`, which is not JSON; only sniff other names.
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return false;
  return /^\s*\{/.test(text);
}

function rejectOversized(text: string, fileName: string): void {
  const bytes = utf8ByteLength(text, MAX_PLAN_FILE_BYTES);
  if (bytes <= MAX_PLAN_FILE_BYTES) return;
  const mib = (bytes / (1024 * 1024)).toFixed(1);
  throw new PlanFileError(
    fileName,
    `the file is ${text.length > MAX_PLAN_FILE_BYTES ? 'over' : 'about'} ${mib} MiB, above the 16 MiB limit for plan files; split the plan or keep large file contents out of it`,
  );
}

/** UTF-8 size of a string, stopping early once it is certainly above `limit`. */
function utf8ByteLength(text: string, limit: number): number {
  // Every UTF-16 unit takes at least one byte and at most three (a surrogate pair takes four).
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function parseJson(text: string, fileName: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(text, fileName, error instanceof Error ? error.message : String(error));
  }
  // JSON.parse keeps the last of two equal keys without a word; a plan must not lose one silently.
  const duplicate = findJsonProblem(text);
  if (duplicate) throw new PlanFileError(fileName, duplicate.problem, lineColumnAt(text, duplicate.offset));
  return document;
}

/**
 * V8 has worded JSON errors differently across versions: Node 22 and 24 add "at position N" and
 * sometimes "(line L column C)", but "Unexpected token 'x', "…" is not valid JSON" names no
 * position at all. Take the position from the message when it is there, else find it ourselves.
 */
export function jsonSyntaxError(text: string, fileName: string, message: string): PlanFileError {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = /at position (\d+)/.exec(message);
  const v8Problem = message.replace(/\s+in JSON at position.*$/s, '').replace(/\s+at position.*$/s, '');
  if (lineColumn) {
    return new PlanFileError(fileName, jsonProblem(v8Problem), {
      line: Number(lineColumn[1]),
      column: Number(lineColumn[2]),
    });
  }
  if (position) return new PlanFileError(fileName, jsonProblem(v8Problem), lineColumnAt(text, Number(position[1])));
  const scanned = findJsonProblem(text);
  const offset = scanned?.offset ?? text.length;
  return new PlanFileError(fileName, jsonProblem(scanned?.problem ?? v8Problem), lineColumnAt(text, offset));
}

function jsonProblem(problem: string): string {
  return `${lowerFirst(problem)}; fix the JSON at that line`;
}

function parseYaml(text: string, fileName: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    const location = where ? { line: where.line, column: where.col } : {};
    throw new PlanFileError(fileName, yamlProblem(first.code, first.message, text, first.pos[0]), location);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    throw aliasError(doc, lineCounter, fileName, error);
  }
}

function yamlProblem(code: string, message: string, text: string, offset: number): string {
  if (code === 'MULTIPLE_DOCS') {
    return 'the file holds more than one YAML document (a second ---); keep one plan per file';
  }
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#]+?))\s*:/.exec(text.slice(offset));
    const name = key?.[1] ?? key?.[2] ?? key?.[3];
    return `${name ? `duplicate key '${name}'` : 'duplicate key'}; keep only one of them`;
  }
  // yaml's pretty message is "What went wrong at line L, column C:" followed by a source excerpt.
  const firstLine = message.split('\n', 1)[0] ?? message;
  const problem = firstLine.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
  return `${lowerFirst(problem)}; fix the YAML at that line`;
}

function aliasError(doc: Document, lineCounter: LineCounter, fileName: string, error: unknown): PlanFileError {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) {
    return new PlanFileError(
      fileName,
      `anchors and aliases expand to too much data (over ${MAX_YAML_ALIAS_COUNT} alias uses); write the values out instead of using aliases`,
    );
  }
  let unresolved: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        unresolved = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (unresolved) {
    const { line, col } = lineCounter.linePos(unresolved.range?.[0] ?? 0);
    return new PlanFileError(
      fileName,
      `alias *${unresolved.source} has no anchor &${unresolved.source} before it; define the anchor first or write the value out`,
      { line, column: col },
    );
  }
  return new PlanFileError(fileName, `${lowerFirst(message)}; fix the YAML`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
