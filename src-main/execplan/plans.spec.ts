import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanFileName } from './naming';
import { parseExecPlan } from './parse-execplan';
import { execPlanProgress } from './progress-summary';
import { validateExecPlan } from './validate-execplan';

/** Realistic plans in several styles (testdata/plans/): each must read completely and validate clean, even in strict mode. */
const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');

const EXPECTED: Record<
  string,
  {
    bom: boolean;
    eol: string;
    sections: number;
    progress: [number, number, number];
    decisions: number;
    surprises: number;
    codeBlocks: number;
  }
> = {
  'EP-20260117-014_auth-refresh.md': {
    bom: false,
    eol: '\n',
    sections: 16,
    progress: [4, 1, 2],
    decisions: 4,
    surprises: 3,
    codeBlocks: 7,
  },
  'EP-20260203-002_csv-export.md': {
    bom: false,
    eol: '\n',
    sections: 12,
    progress: [5, 0, 0],
    decisions: 2,
    surprises: 1,
    codeBlocks: 5,
  },
  'EP-20260210-001_help-search.md': {
    bom: false,
    eol: '\r\n',
    sections: 12,
    progress: [3, 1, 2],
    decisions: 3,
    surprises: 2,
    codeBlocks: 4,
  },
  'EP-20260301-003_rate-limits.md': {
    bom: true,
    eol: '\n',
    sections: 12,
    progress: [4, 1, 1],
    decisions: 3,
    surprises: 2,
    codeBlocks: 4,
  },
  'EP-20260315-001_offline-notes-sync.md': {
    bom: false,
    eol: '\n',
    sections: 12,
    progress: [2, 0, 4],
    decisions: 2,
    surprises: 1,
    codeBlocks: 5,
  },
  'EP-20260401-007_orders-partitioning.md': {
    bom: false,
    eol: '\n',
    sections: 20,
    progress: [4, 1, 4],
    decisions: 4,
    surprises: 3,
    codeBlocks: 6,
  },
};

const files = readdirSync(PLANS_DIR).filter((file) => file.endsWith('.md'));

describe('the realistic test plans', () => {
  it('are all listed here, with their sizes in the 5–30 kB range', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) {
      const bytes = readFileSync(join(PLANS_DIR, file)).length;
      expect(bytes, file).toBeGreaterThanOrEqual(5 * 1024);
      expect(bytes, file).toBeLessThanOrEqual(30 * 1024);
    }
  });

  describe.each(files)('%s', (file) => {
    const source = readFileSync(join(PLANS_DIR, file), 'utf8');
    const doc = parseExecPlan(source);
    const expected = EXPECTED[file]!;

    it('validates clean in strict mode', () => {
      expect(validateExecPlan(doc, { fileName: file, strict: true })).toEqual([]);
    });

    it('reads as expected', () => {
      const progress = execPlanProgress(doc);
      expect({
        bom: doc.bom,
        eol: doc.eol,
        sections: doc.sections.length,
        progress: [progress.done, progress.partial, progress.remaining],
        decisions: doc.decisions.length,
        surprises: doc.surprises.length,
        codeBlocks: doc.codeBlocks.length,
      }).toEqual(expected);
      expect(doc.frontMatter.data?.id).toBe(parsePlanFileName(file)?.planId);
      for (const entry of doc.decisions)
        expect(entry.rationale && entry.dateAuthor, `decision on line ${entry.line}`).toBeTruthy();
      for (const entry of doc.surprises) expect(entry.evidence, `surprise on line ${entry.line}`).toBeTruthy();
    });

    it('keeps every byte: the text and the top-level sections give back the file', () => {
      expect((doc.bom ? '\uFEFF' : '') + doc.text).toBe(source);
      const first = doc.sections[0]!;
      const topLevel = doc.sections.filter((section) => section.depth === first.depth);
      const start = doc.text.indexOf(first.markdown);
      expect(doc.text.slice(0, start) + topLevel.map((section) => section.markdown).join('')).toBe(doc.text);
    });
  });
});
