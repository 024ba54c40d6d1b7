import type { Blockquote, List, ListItem } from 'mdast';
import {
  afterQuoteMarker,
  countSpaces,
  GIVE_UP,
  isBlankFrom,
  listItemStart,
  orGiveUp,
  quoteMarker,
  type ListItemStart,
} from './block-syntax';

/**
 * The containers of the block scanner (quotes and lists) and how a line continues them, opens
 * new ones or leaves them, as micromark's document tokenizer decides it.
 */

export interface QuoteContainer {
  kind: 'quote';
  node: Blockquote;
  /** The last line inside it so far; its end position is set when it closes. */
  lastLine: number;
}

export interface ListContainer {
  kind: 'list';
  node: List;
  item: ListItem;
  lastLine: number;
  ordered: boolean;
  marker: string;
  /** Columns a line must be indented by to continue the current item. */
  size: number;
  /** The current item started with a blank line; a second blank line then ends it. */
  initialBlank: boolean;
  furtherBlank: boolean;
}

export type Container = QuoteContainer | ListContainer;

const CONTAINER_START = /[-*+0-9]/;

/** Where the line continues inside `container`, a new sibling item, or null when the container ends here. */
export function continueContainer(container: Container, text: string, pos: number): number | ListItemStart | null {
  if (container.kind === 'quote') {
    const at = orGiveUp(quoteMarker(text, pos));
    return at === null ? null : orGiveUp(afterQuoteMarker(text, at));
  }
  const spaces = orGiveUp(countSpaces(text, pos));
  if (isBlankFrom(text, pos)) {
    container.furtherBlank ||= container.initialBlank;
    return pos + Math.min(spaces, container.size);
  }
  const indented = !container.furtherBlank && spaces >= container.size;
  container.initialBlank = false;
  container.furtherBlank = false;
  if (indented) return pos + container.size;
  return orGiveUp(listItemStart(text, pos, false, container));
}

export function newContainerAt(
  text: string,
  pos: number,
  interrupt: boolean,
): { kind: 'quote'; at: number } | { kind: 'item'; item: ListItemStart } | null {
  // Every line passes here; most start with a letter and can be turned away at once.
  let first = pos;
  while (first - pos < 3 && text.charCodeAt(first) === 32) first++;
  const char = text[first];
  if (char === '>' || char === '\t') {
    const at = orGiveUp(quoteMarker(text, pos));
    return at === null ? null : { kind: 'quote', at };
  }
  if (char === '[' && text[first + 1] === '^') throw GIVE_UP; // a GFM footnote definition
  if (char === undefined || !CONTAINER_START.test(char)) return null;
  const item = orGiveUp(listItemStart(text, pos, interrupt));
  return item === null ? null : { kind: 'item', item };
}

/**
 * Where a non-blank line would start inside every open container, without opening another; null
 * otherwise. Used to look at the line after a possible table head.
 */
export function continuationOf(stack: readonly Container[], text: string): number | null {
  let pos = 0;
  for (const container of stack) {
    if (container.kind === 'quote') {
      const at = orGiveUp(quoteMarker(text, pos));
      if (at === null) return null;
      pos = orGiveUp(afterQuoteMarker(text, at));
    } else {
      if (orGiveUp(countSpaces(text, pos)) < container.size) return null;
      pos += container.size;
    }
  }
  if (orGiveUp(quoteMarker(text, pos)) !== null || orGiveUp(listItemStart(text, pos, true)) !== null) return null;
  return pos;
}
