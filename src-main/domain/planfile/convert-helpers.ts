/** Small pieces shared by the seed-format converters. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecords(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asStringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map(asString).filter((item): item is string => item !== undefined) : [];
}

/** The first line of `text`, cut at a word boundary to at most `max` characters. */
export function shorten(text: string, max = 72): string {
  const line = (text.trim().split('\n', 1)[0] ?? '').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A file name without folders and extension, for a plan that names itself nowhere. */
export function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.replace(/\.[^.]+$/, '') || 'imported-plan';
}

export function lowerEnum<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  const lower = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return allowed.find((option) => option === lower);
}

/**
 * Records the keys of a source object that a converter did not use, as key paths (`steps[2].blocks`),
 * so the caller can tell the person what an import left out.
 */
export class DroppedKeys {
  readonly paths: string[] = [];

  unused(source: JsonRecord, used: readonly string[], prefix: string): void {
    for (const key of Object.keys(source)) {
      if (!used.includes(key)) this.paths.push(joinPath(prefix, key));
    }
  }

  add(path: string): void {
    this.paths.push(path);
  }
}

export function joinPath(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!prefix) return segment.startsWith('"') ? `[${segment}]` : segment;
  return segment.startsWith('"') ? `${prefix}[${segment}]` : `${prefix}.${segment}`;
}
