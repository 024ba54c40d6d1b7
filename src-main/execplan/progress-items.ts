import type { Root } from 'mdast';
import { walk } from './mdast-walk';
import type { ProgressItem } from './types';

/** A GFM checklist item anywhere in the document. */
export interface TaskItem {
  checked: boolean;
  line: number;
  /** The first paragraph on one line, without the checkbox. */
  text: string;
}

export function readTaskItems(root: Root, text: string): TaskItem[] {
  const items: TaskItem[] = [];
  walk(root, (node) => {
    if (node.type !== 'listItem' || typeof node.checked !== 'boolean' || !node.position) return;
    const paragraph = node.children[0];
    let source = '';
    if (paragraph?.type === 'paragraph' && paragraph.position) {
      // The parser moves the paragraph's start past the checkbox only when the paragraph opens with plain text.
      const start = paragraph.children[0]?.position?.start.offset ?? paragraph.position.start.offset;
      source = text.slice(start, paragraph.position.end.offset).replace(/^\s*\[[ xX]\]\s*/, '');
    }
    items.push({ checked: node.checked, line: node.position.start.line, text: oneLine(source) });
  });
  return items;
}

/**
 * A text copied from a rendered page can run several items into one line: "- [x] A. - [ ] B."
 * Each "- [ ]" after the first starts another item on the same line.
 */
const RUN_ON_ITEM = /\s+[-*+]\s+\[([ xX])\]\s+/g;

export function toProgressItems(task: TaskItem): ProgressItem[] {
  const items: ProgressItem[] = [];
  let checked = task.checked;
  let from = 0;
  for (const match of task.text.matchAll(RUN_ON_ITEM)) {
    items.push(progressItem(checked, task.text.slice(from, match.index), task.line));
    checked = match[1] !== ' ';
    from = match.index + match[0].length;
  }
  items.push(progressItem(checked, task.text.slice(from), task.line));
  return items;
}

/** "(2025-10-01 13:00Z)", "[2025-10-01T13:00:00+02:00]", "(2025-10-01)" at the start of an item. */
const LEADING_TIMESTAMP =
  /^[([]\s*(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)\s*[)\]]\s*[:—–-]?\s*/i;
/** The same, anywhere in the item, for plans that put the time at the end. */
const ANY_TIMESTAMP =
  /[([]\s*(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)\s*[)\]]/i;
/** Matched from the last "completed:" only, so a long item with many of them stays linear. */
const PARTIAL = /^completed:\s*(.*?)\s*;\s*remaining:\s*(.*?)\s*\)?\s*\.?\s*$/i;

function progressItem(checked: boolean, rawText: string, line: number): ProgressItem {
  let text = rawText.trim();
  let timestamp: string | null;
  const leading = LEADING_TIMESTAMP.exec(text);
  if (leading) {
    timestamp = leading[1]!;
    text = text.slice(leading[0].length);
  } else {
    timestamp = ANY_TIMESTAMP.exec(text)?.[1] ?? null;
  }
  const partial = PARTIAL.exec(text.slice(Math.max(0, text.toLowerCase().lastIndexOf('completed:'))));
  return {
    checked,
    text,
    line,
    timestamp,
    partial: partial ? { completed: partial[1]!, remaining: partial[2]! } : null,
  };
}

function oneLine(source: string): string {
  return source.replace(/\s+/g, ' ').trim();
}
