/**
 * A small JSON syntax scanner. JSON.parse silently keeps the last of two equal keys and, for some
 * errors, names no position at all ("Unexpected token 'x', "…" is not valid JSON"). This scanner
 * finds the first problem, duplicate keys included, with its offset, so every JSON error can point
 * at a line and column. It builds no values, so it is cheap enough to run on every JSON plan.
 */

export interface JsonProblem {
  offset: number;
  problem: string;
}

/** Deeper nesting than this is no plan; stopping here keeps a hostile file from exhausting the stack. */
const MAX_DEPTH = 512;

class StopScan {
  constructor(readonly found: JsonProblem) {}
}

export function findJsonProblem(text: string): JsonProblem | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (error) {
    if (error instanceof StopScan) return error.found;
    throw error;
  }
}

/** 1-based line and column of an offset; a column counts UTF-16 units, as editors do. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

class JsonScanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): void {
    this.skipSpace();
    this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const char = this.text[this.pos];
    if (char === '{') this.object(depth);
    else if (char === '[') this.array(depth);
    else if (char === '"') this.string();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.number();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else
      this.fail(
        char === undefined ? 'unexpected end of the JSON text' : `unexpected ${quoteChar(char)}; expected a value`,
      );
  }

  private object(depth: number): void {
    this.pos++; // {
    const keys = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a double-quoted property name');
      const keyStart = this.pos;
      const key = this.string();
      if (keys.has(key)) this.fail(`duplicate key '${key}'; keep only one of them`, keyStart);
      keys.add(key);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the property name ${JSON.stringify(key)}`);
      this.pos++;
      this.skipSpace();
      this.value(depth + 1);
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === '}') {
        this.pos++;
        return;
      }
      if (next !== ',') this.fail("expected ',' or '}' after a property value");
      this.pos++;
      this.skipSpace();
    }
  }

  private array(depth: number): void {
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ']') {
        this.pos++;
        return;
      }
      if (next !== ',') this.fail("expected ',' or ']' after an array element");
      this.pos++;
      this.skipSpace();
    }
  }

  /** Scans a string literal and returns its raw text (escapes decoded only when present). */
  private string(): string {
    const start = ++this.pos;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string', start - 1);
      if (code === 0x22) break; // "
      if (code < 0x20) this.fail('control character in a string; write it as an escape such as \\n');
      if (code === 0x5c) {
        escaped = true;
        const next = this.text[this.pos + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('bad \\u escape');
          this.pos += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail('bad escape in a string');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    const raw = this.text.slice(start, this.pos);
    this.pos++; // closing quote
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') this.fail('bad number');
    this.pos += found[0].length;
  }

  private literal(word: string): void {
    for (const expected of word) {
      const char = this.text[this.pos];
      if (char === undefined) this.fail('unexpected end of the JSON text');
      if (char !== expected) this.fail(`unexpected ${quoteChar(char)}; expected a value`);
      this.pos++;
    }
  }

  private skipSpace(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === ' ' || char === '\n' || char === '\r' || char === '\t') this.pos++;
      else return;
    }
  }

  private fail(problem: string, offset = this.pos): never {
    throw new StopScan({ offset, problem });
  }
}

function quoteChar(char: string): string {
  return char === "'" ? '"\'"' : `'${char}'`;
}
