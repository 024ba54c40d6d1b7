import { describe, expect, it } from 'vitest';
import { PlanFileError } from './plan-file-error';
import { jsonSyntaxError, MAX_PLAN_FILE_BYTES, parsePlanText } from './parse-plan-text';

function parseError(text: string, fileName: string): PlanFileError {
  try {
    parsePlanText(text, fileName);
  } catch (error) {
    if (error instanceof PlanFileError) return error;
    throw error;
  }
  throw new Error(`expected ${fileName} to fail`);
}

describe('parsePlanText: YAML', () => {
  it('parses one document', () => {
    expect(parsePlanText('name: a\nsteps: []\n', 'plan.yaml')).toEqual({
      document: { name: 'a', steps: [] },
      syntax: 'yaml',
    });
  });

  it('names file, line and column of a syntax error in one line', () => {
    const error = parseError('name: a\nsteps:\n  - id: x\n    title: y\n   kind: z\n', 'add-greeting.yaml');
    expect(error.line).toBe(5);
    expect(error.column).toBe(1);
    expect(error.message).toBe('add-greeting.yaml:5:1: sequence item without - indicator; fix the YAML at that line');
    expect(error.message).not.toContain('\n');
  });

  it('reports a bad flow collection at the line where it breaks', () => {
    const error = parseError('name: a\ntags: [x, y\nsteps: []\n', 'plan.yaml');
    expect([error.line, error.column]).toEqual([3, 1]);
    expect(error.message).toMatch(/^plan\.yaml:3:1: flow sequence .*; fix the YAML at that line$/);
  });

  it('refuses duplicate keys, naming the key and where the second one is', () => {
    const error = parseError('name: a\nsteps: []\nname: b\n', 'plan.yaml');
    expect(error.message).toBe("plan.yaml:3:1: duplicate key 'name'; keep only one of them");
  });

  it('refuses a file with more than one document', () => {
    const error = parseError('name: a\nsteps: []\n---\nname: b\nsteps: []\n', 'plan.yml');
    expect(error.message).toMatch(/^plan\.yml:\d+:\d+: the file holds more than one YAML document/);
  });

  it('refuses aliases that expand exponentially (billion laughs)', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ] as const) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const error = parseError(`${lines.join('\n')}\nsteps: []\n`, 'bomb.yaml');
    expect(error.message).toMatch(/^bomb\.yaml: anchors and aliases expand to too much data/);
  });

  it('allows a few aliases', () => {
    const { document } = parsePlanText('x: &cmd echo hi\ny: *cmd\n', 'plan.yaml');
    expect(document).toEqual({ x: 'echo hi', y: 'echo hi' });
  });

  it('names an alias without an anchor and where it is', () => {
    const error = parseError('name: a\ngoal: *missing\n', 'plan.yaml');
    expect(error.message).toBe(
      'plan.yaml:2:7: alias *missing has no anchor &missing before it; define the anchor first or write the value out',
    );
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(parsePlanText('\uFEFFname: a\n', 'plan.yaml').document).toEqual({ name: 'a' });
  });

  it('returns null for an empty file (the schema then says what is missing)', () => {
    expect(parsePlanText('# nothing yet\n', 'plan.yaml').document).toBeNull();
  });

  it('reads a .yaml file that starts with a YAML flow mapping as YAML, not JSON', () => {
    expect(parsePlanText('{ name: a, steps: [] }', 'plan.yaml')).toEqual({
      document: { name: 'a', steps: [] },
      syntax: 'yaml',
    });
  });
});

describe('parsePlanText: JSON', () => {
  it('parses .json files and sniffs JSON in files with another name', () => {
    expect(parsePlanText('{"name":"a"}', 'plan.json').syntax).toBe('json');
    expect(parsePlanText('  \n{"name":"a"}', 'plan.txt')).toEqual({ document: { name: 'a' }, syntax: 'json' });
    expect(parsePlanText('\uFEFF{"name":"a"}', 'plan.json').document).toEqual({ name: 'a' });
  });

  it('names line and column of a missing colon', () => {
    const error = parseError('{\n  "name": "a",\n  "steps" []\n}', 'plan.json');
    expect([error.line, error.column]).toEqual([3, 11]);
    expect(error.message).toBe("plan.json:3:11: expected ':' after property name; fix the JSON at that line");
  });

  it('finds the position itself when V8 names none (Unexpected token …)', () => {
    const error = parseError('{\n  "name": "a",\n  "steps": [1,\n 2,,]\n}', 'plan.json');
    expect([error.line, error.column]).toEqual([4, 4]);
    expect(error.message).toBe("plan.json:4:4: unexpected ','; expected a value; fix the JSON at that line");
  });

  it('points at the broken literal character', () => {
    const error = parseError('{"a": tru}', 'plan.json');
    expect([error.line, error.column]).toEqual([1, 10]);
  });

  it('counts the line and column after a stripped BOM', () => {
    const error = parseError('\uFEFF{\n"a": 1,\n}', 'plan.json');
    expect([error.line, error.column]).toEqual([3, 1]);
  });

  it('reports the end of the text for truncated input', () => {
    const error = parseError('{\n  "name": "a",\n', 'plan.json');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^plan\.json:3:1: /);
  });

  it('refuses duplicate keys, which JSON.parse would silently merge', () => {
    const error = parseError('{\n  "name": "a",\n  "steps": [],\n  "name": "b"\n}', 'plan.json');
    expect(error.message).toBe("plan.json:4:3: duplicate key 'name'; keep only one of them");
  });

  it('reads positions from the message forms of several V8 versions', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const node24 = jsonSyntaxError(
      text,
      'p.json',
      "Expected ',' or '}' after property value in JSON at position 11 (line 2 column 9)",
    );
    expect([node24.line, node24.column]).toEqual([2, 9]);
    const positionOnly = jsonSyntaxError(
      text,
      'p.json',
      "Expected ',' or '}' after property value in JSON at position 13",
    );
    expect([positionOnly.line, positionOnly.column]).toEqual([3, 3]);
    expect(positionOnly.message).toBe(
      "p.json:3:3: expected ',' or '}' after property value; fix the JSON at that line",
    );
    const oldStyle = jsonSyntaxError(text, 'p.json', 'Unexpected string in JSON at position 13');
    expect([oldStyle.line, oldStyle.column]).toEqual([3, 3]);
    const noPosition = jsonSyntaxError(text, 'p.json', `Unexpected token '"', "{ "a": 1 "b"... is not valid JSON`);
    expect([noPosition.line, noPosition.column]).toEqual([3, 3]);
    expect(noPosition.message).toBe(
      "p.json:3:3: expected ',' or '}' after a property value; fix the JSON at that line",
    );
  });
});

describe('parsePlanText: size limit', () => {
  it('refuses text over 16 MiB before parsing', () => {
    const text = `{"name": "${'a'.repeat(MAX_PLAN_FILE_BYTES)}"}`;
    const error = parseError(text, 'huge.json');
    expect(error.message).toMatch(
      /^huge\.json: the file is over 16\.0 MiB, above the 16 MiB limit for plan files; split the plan/,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 6 Mi euro signs are 6 Mi characters but 18 MiB of UTF-8.
    const error = parseError(`goal: ${'€'.repeat(6 * 1024 * 1024)}\n`, 'wide.yaml');
    expect(error.message).toMatch(/^wide\.yaml: the file is about 18\.0 MiB/);
  });

  it('accepts text just under the limit', () => {
    const text = `{"goal": "${'a'.repeat(MAX_PLAN_FILE_BYTES - 20)}"}`;
    expect(parsePlanText(text, 'big.json').syntax).toBe('json');
  });
});
