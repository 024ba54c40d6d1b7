/**
 * Front matter as plans write it, read without the YAML library: `key: value` lines whose values
 * are plain words, quoted strings without escapes, `true`/`false`/`null` or `[flow, lists]`, and
 * `key:` blocks holding one level of `key: value` lines or `- item` lines. That covers nearly
 * every plan, and the yaml package costs about 0.25 ms for twenty such lines, half of what
 * reading the rest of a 50 KB plan costs.
 *
 * Anything else gives undefined and goes to the yaml package: comments, escapes, numbers,
 * anchors, tags, block and multi-line scalars, tabs, repeated keys, values starting with a
 * reserved character such as `@`. So whatever this returns is what `parseDocument(raw).toJS()`
 * gives (YAML 1.2 core schema), and every error message still comes from the library.
 */
export function readSimpleYaml(raw: string): Record<string, unknown> | undefined {
  if (/\t|\r(?!\n)/.test(raw)) return undefined;
  const lines = raw.split(/\r?\n/);
  const data: Record<string, unknown> = {};
  let index = 0;
  while (index < lines.length) {
    const line = lines[index++]!;
    if (isBlank(line)) continue;
    const entry = keyValue(line);
    if (!entry || Object.hasOwn(data, entry.key)) return undefined;
    if (entry.rest !== '') {
      const value = scalar(entry.rest, false);
      if (value === undefined) return undefined;
      data[entry.key] = value.value;
      continue;
    }
    const block: string[] = [];
    while (index < lines.length && (isBlank(lines[index]!) || lines[index]!.startsWith(' ')))
      block.push(lines[index++]!);
    const value = nestedBlock(block);
    if (value === undefined) return undefined;
    data[entry.key] = value;
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,63}):(?: +(.*))?$/;
/** Plain scalars: letters and digits of any script and a few safe marks, which cannot hold a comment, a mapping or a flow collection. */
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} ._/()+-]*$/u;
const FLOW_PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} ._/+-]*$/u;
/** The YAML 1.2 core schema's number forms: left to the library, which knows how each converts. */
const NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** YAML's blanks are spaces (tabs do not get here); trim() would also take other Unicode spaces, which are content. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  return text.slice(start, end);
}

function isBlank(line: string): boolean {
  return /^ *$/.test(line);
}

function keyValue(line: string): { key: string; rest: string } | undefined {
  const match = KEY.exec(line);
  if (!match) return undefined;
  const key = match[1]!;
  // Keys that resolve to booleans or null, and one that would set an object's prototype.
  if (key === '__proto__' || resolvePlain(key) !== key) return undefined;
  return { key, rest: trimSpaces(match[2] ?? '') };
}

/** The lines indented under a `key:` line: a list of `- item`s, a mapping of scalars, or nothing (null). */
function nestedBlock(block: string[]): unknown {
  const lines = block.filter((line) => !isBlank(line));
  if (lines.length === 0) return null;
  const indent = /^ */.exec(lines[0]!)![0].length;
  if (lines.some((line) => /^ */.exec(line)![0].length !== indent)) return undefined;
  const items = lines.map((line) => line.slice(indent));
  if (items.every((item) => item === '-' || item.startsWith('- '))) {
    const list: unknown[] = [];
    for (const item of items) {
      const text = trimSpaces(item.slice(1));
      if (text === '') {
        list.push(null);
        continue;
      }
      const value = scalar(text, false);
      if (value === undefined) return undefined;
      list.push(value.value);
    }
    return list;
  }
  const map: Record<string, unknown> = {};
  for (const item of items) {
    const entry = keyValue(item);
    if (!entry || Object.hasOwn(map, entry.key)) return undefined;
    if (entry.rest === '') {
      map[entry.key] = null;
      continue;
    }
    const value = scalar(entry.rest, false);
    if (value === undefined) return undefined;
    map[entry.key] = value.value;
  }
  return map;
}

/** A one-line value; `inFlow` inside `[…]`, where fewer characters may appear unquoted. */
function scalar(text: string, inFlow: boolean): { value: unknown } | undefined {
  const first = text[0];
  if (first === '"' || first === "'") {
    const inside = text.slice(1, -1);
    const closed = text.length >= 2 && text.endsWith(first);
    return closed && !inside.includes(first) && !inside.includes('\\') ? { value: inside } : undefined;
  }
  if (first === '[' && !inFlow) {
    if (!text.endsWith(']')) return undefined;
    const inside = trimSpaces(text.slice(1, -1));
    if (inside === '') return { value: [] };
    const list: unknown[] = [];
    for (const part of inside.split(',')) {
      const value = scalar(trimSpaces(part), true);
      if (value === undefined) return undefined;
      list.push(value.value);
    }
    return { value: list };
  }
  if (!(inFlow ? FLOW_PLAIN : PLAIN).test(text) || NUMBER.test(text)) return undefined;
  return { value: resolvePlain(text) };
}

function resolvePlain(text: string): unknown {
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (/^(?:[Nn]ull|NULL)$/.test(text)) return null;
  return text;
}
