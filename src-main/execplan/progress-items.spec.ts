import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';

const progressOf = (items: string) => parseExecPlan(`# Plan\n\n## Progress\n\n${items}\n`).progress;

describe('Progress items', () => {
  it('read the checkbox, the timestamp and the text without either', () => {
    expect(progressOf('- [x] (2025-10-01 13:00Z) Example completed step.\n- [ ] Example incomplete step.')).toEqual([
      { checked: true, text: 'Example completed step.', line: 5, timestamp: '2025-10-01 13:00Z', partial: null },
      { checked: false, text: 'Example incomplete step.', line: 6, timestamp: null, partial: null },
    ]);
  });

  it.each([
    ['(2026-01-17T14:05:00Z) Done', '2026-01-17T14:05:00Z'],
    ['[2026-01-17 14:05 +02:00] Done', '2026-01-17 14:05 +02:00'],
    ['(2026-01-17) Done', '2026-01-17'],
    ['Done (2026-01-17 14:05 UTC)', '2026-01-17 14:05 UTC'],
  ])('accept the timestamp in %s', (item, timestamp) => {
    expect(progressOf(`- [X] ${item}`)[0]!.timestamp).toBe(timestamp);
  });

  it('read a split step', () => {
    expect(progressOf('- [ ] Example partially completed step (completed: X; remaining: Y).')[0]!.partial).toEqual({
      completed: 'X',
      remaining: 'Y',
    });
  });

  it('join a multi-line item into one line', () => {
    expect(progressOf('- [x] (2026-01-17 10:00Z) First line\n  continues here.')[0]!.text).toBe(
      'First line continues here.',
    );
  });

  it('keep the item text when it starts with markup', () => {
    expect(progressOf('- [ ] **Bold** start\n- [ ] <kbd>Ctrl</kbd> start').map((item) => item.text)).toEqual([
      '**Bold** start',
      '<kbd>Ctrl</kbd> start',
    ]);
  });

  it('split items that a copied page ran together on one line', () => {
    const items = progressOf('- [x] (2025-01-20 13:00Z) Done. - [ ] Open. - [ ] Half (completed: a; remaining: b).');
    expect(items.map(({ checked, text, line }) => ({ checked, text, line }))).toEqual([
      { checked: true, text: 'Done.', line: 5 },
      { checked: false, text: 'Open.', line: 5 },
      { checked: false, text: 'Half (completed: a; remaining: b).', line: 5 },
    ]);
    expect(items[2]!.partial).toEqual({ completed: 'a', remaining: 'b' });
  });

  it('come from nested lists and from every section named Progress', () => {
    const doc = parseExecPlan('## Progress\n\n- [ ] a\n  - [x] (2026-01-01) b\n\n## Plan\n\n### Progress\n\n- [ ] c\n');
    expect(doc.progress.map((item) => item.text)).toEqual(['a', 'b', 'c']);
    expect(doc.strayChecklists).toEqual([]);
  });

  it('outside Progress are stray checklists', () => {
    const doc = parseExecPlan('## Plan of Work\n\n- [ ] do this\n- plain item\n\n## Progress\n\n- [ ] step\n');
    expect(doc.strayChecklists).toEqual([{ line: 3, text: 'do this' }]);
    expect(doc.progress).toHaveLength(1);
  });
});
