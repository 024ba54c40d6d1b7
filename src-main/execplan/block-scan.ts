import type { Blockquote, Code, Heading, List, ListItem, Paragraph, Parent, PhrasingContent, Root, Table } from 'mdast';
import { continueContainer, newContainerAt, type Container, type ListContainer } from './block-containers';
import { paragraphContinues, tableRowContinues, tableStartsAt } from './block-interrupts';
import {
  afterQuoteMarker,
  atxHeading,
  countSpaces,
  fenceOpening,
  GIVE_UP,
  isBlankFrom,
  isClosingFence,
  isThematicBreak,
  orGiveUp,
  type ListItemStart,
} from './block-syntax';
import { atxHeadingContent, plainHeadingText } from './heading-text';
import { splitLines } from './lines';

/**
 * Reads the block structure of markdown line by line, about fifty times faster than remark, into
 * the part of an mdast tree that reading an ExecPlan needs: quotes, lists and items (with GFM
 * task boxes), paragraphs, headings (with their text at the top level), code blocks, rules and
 * tables, all with the positions remark gives them. Paragraphs carry no inline children; a task
 * item's paragraph starts where remark's first inline child starts.
 *
 * It follows micromark's rules, including where they differ from CommonMark's prose (an ordered
 * item after an indented code block must start at 1, even past blank lines and inside a new
 * quote). It handles what plans are written with and gives up, returning null, on the rest: HTML
 * blocks, setext headings, link reference and footnote definitions, tabs in indentation, escapes
 * in a fence's info string, a task box at the end of its line, and a text that starts with a byte
 * order mark. The caller then uses remark.
 */
export function scanBlocks(text: string, options: ScanOptions): Root | null {
  // remark drops a byte order mark that starts its input, which changes what the first line is.
  // The guard counts `---` lines with a multiline regex, whose lines also end at U+2028 and U+2029.
  if (text.charCodeAt(0) === 0xfeff || /[\u2028\u2029]/.test(text)) return null;
  try {
    return new BlockScanner(text, options).run();
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

export interface ScanOptions {
  /** Renders a heading line's inline content when the shortcut in heading-text.ts cannot. */
  headingInline: (line: string) => PhrasingContent[];
  /** More lines that look like setext underlines than this, and the scanner gives up (the guard would blank them). */
  maxUnderlines: number;
}

const UNDERLINE_LINE = /^ {0,3}(?:=+|-+)[ \t]*$/;

/** The open block of a flow; `lastLine` is its last line so far, its end position is set when it closes. */
type Leaf =
  | { kind: 'paragraph'; node: Paragraph; lastLine: number; firstLine: number; mayBeDefinition: boolean }
  | { kind: 'indented'; node: Code; lastLine: number }
  | { kind: 'fenced'; node: Code; lastLine: number; fence: string }
  | { kind: 'table'; node: Table; lastLine: number; delimiterLine: number };

/** The blocks of the innermost open container, read since it opened (micromark's child flow). */
interface Flow {
  parent: Parent;
  leaf: Leaf | null;
  /** Nothing but the blank first line of a list item read yet: a paragraph starting now may hold a task box. */
  taskEligible: boolean;
}

class BlockScanner {
  private readonly lines: string[];
  private readonly starts: number[];
  private readonly root: Root = { type: 'root', children: [] };
  private readonly stack: Container[] = [];
  private flow: Flow | null = null;
  private underlines = 0;

  constructor(
    text: string,
    private readonly options: ScanOptions,
  ) {
    ({ lines: this.lines, starts: this.starts } = splitLines(text));
  }

  run(): Root {
    for (let line = 0; line < this.lines.length; line++) this.readLine(line);
    this.closeFlow();
    this.exitContainers(0);
    this.root.position = { start: this.point(0, 0), end: this.lineEnd(this.lines.length - 1) };
    return this.root;
  }

  private readLine(line: number): void {
    const text = this.lines[line]!;
    if (UNDERLINE_LINE.test(text) && ++this.underlines > this.options.maxUnderlines) throw GIVE_UP;
    let pos = 0;
    let continued = 0;
    let opened: 'item' | 'quote' | null = null;
    let lastItem: ListItemStart | null = null;
    for (; continued < this.stack.length; continued++) {
      const container = this.stack[continued]!;
      const next = continueContainer(container, text, pos);
      if (next === null) break;
      if (typeof next === 'number') {
        pos = next;
        container.lastLine = line;
        continue;
      }
      // A new item of this list: what the old item held is closed, and more containers may open.
      this.closeFlow(line);
      this.exitContainers(continued + 1);
      this.startItem(container as ListContainer, next, line, pos);
      pos = next.contentStart;
      continued++;
      opened = 'item';
      lastItem = next;
      break;
    }
    const allContinued = continued === this.stack.length;
    if (allContinued && opened === null && this.flow?.leaf?.kind === 'fenced') {
      this.fencedLine(line, pos);
      return;
    }
    const interrupt = allContinued && opened === null && isOngoing(this.flow?.leaf ?? null);
    for (;;) {
      const next = newContainerAt(text, pos, interrupt);
      if (next === null) break;
      this.closeFlow(line);
      this.exitContainers(continued);
      if (next.kind === 'quote') {
        this.startQuote(line, next.at);
        pos = orGiveUp(afterQuoteMarker(text, next.at));
        opened = 'quote';
      } else {
        this.startList(next.item, line, pos);
        pos = next.item.contentStart;
        opened = 'item';
        lastItem = next.item;
      }
      continued = this.stack.length;
    }
    if (opened !== null) {
      // remark looks for a task box only when the item's flow opens with the paragraph; after a
      // blank first line, that holds only if nothing, not even a space, followed the marker.
      this.openFlow(opened === 'item' && (!lastItem!.blank || lastItem!.markerEnd === text.length));
      this.fresh(line, pos, false);
    } else if (!allContinued) {
      this.lazyLine(line, pos, continued);
    } else {
      this.flowLine(line, pos);
    }
  }

  /** A line that continues no container fully and opens none: it may continue a paragraph lazily. */
  private lazyLine(line: number, pos: number, continued: number): void {
    const leaf = this.flow!.leaf;
    if (leaf?.kind === 'paragraph' && paragraphContinues(this.lines, this.stack, line, pos, true)) {
      leaf.lastLine = line;
      for (const container of this.stack) container.lastLine = line;
      return;
    }
    this.endLeaf();
    this.exitContainers(continued);
    this.flow!.parent = this.innermost();
    if (this.flow!.taskEligible && /^\s*\[/.test(this.lines[line]!.slice(pos))) throw GIVE_UP;
    this.flow!.taskEligible = false;
    // After a table row, micromark tries the line as the next row (refused, being lazy), never as a new head.
    this.fresh(line, pos, true, leaf?.kind !== 'table');
  }

  /** A line inside every open container, in a flow that may hold an open paragraph, code block or table. */
  private flowLine(line: number, pos: number): void {
    const leaf = (this.flow ?? this.openFlow(false)).leaf;
    if (leaf && this.leafContinues(leaf, line, pos)) {
      leaf.lastLine = line;
      return;
    }
    // Blank lines may lie inside an indented code block, which goes on if an indented line follows.
    if (leaf?.kind === 'indented' && isBlankFrom(this.lines[line]!, pos)) return;
    this.endLeaf();
    this.fresh(line, pos, false);
  }

  private leafContinues(leaf: Leaf, line: number, pos: number): boolean {
    const text = this.lines[line]!;
    switch (leaf.kind) {
      case 'paragraph':
        return paragraphContinues(this.lines, this.stack, line, pos, false);
      case 'indented':
        return orGiveUp(countSpaces(text, pos)) >= 4; // a line of four spaces or more, even blank, is a code line
      case 'table':
        return leaf.delimiterLine === line || tableRowContinues(text, pos);
      case 'fenced':
        return true; // read by fencedLine
    }
  }

  private fencedLine(line: number, pos: number): void {
    const leaf = this.flow!.leaf as Extract<Leaf, { kind: 'fenced' }>;
    leaf.lastLine = line;
    if (isClosingFence(this.lines[line]!, pos, leaf.fence)) this.endLeaf();
  }

  /**
   * A line where no block is open in the flow: start whatever it begins. A lazy line is one that
   * left some containers; an indented code block cannot go on past it.
   */
  private fresh(line: number, pos: number, lazy: boolean, mayStartTable = true): void {
    const flow = this.flow!;
    const text = this.lines[line]!;
    if (isBlankFrom(text, pos)) {
      flow.leaf = null;
      return;
    }
    const indent = orGiveUp(countSpaces(text, pos));
    // Indentation beyond the item's own is read before the paragraph, which then no longer opens the flow.
    const taskEligible = flow.taskEligible && indent === 0;
    flow.taskEligible = false;
    if (indent >= 4) {
      const node: Code = { type: 'code', lang: null, meta: null, value: '', position: this.span(line, pos) };
      this.add(node);
      // micromark will not read an indented block on past a lazy line, not even the one it starts on.
      flow.leaf = lazy ? null : { kind: 'indented', node, lastLine: line };
      return;
    }
    const start = pos + indent;
    const char = text[start];
    const heading = char === '#' ? atxHeading(text, start) : null;
    if (heading) {
      const topLevel = flow.parent === this.root;
      this.add({
        type: 'heading',
        depth: heading.depth as Heading['depth'],
        children: topLevel ? this.headingText(text, heading.contentStart) : [],
        position: this.span(line, start),
      });
      flow.leaf = null;
      return;
    }
    const fence = char === '`' || char === '~' ? orGiveUp(fenceOpening(text, start)) : null;
    if (fence) {
      const node: Code = {
        type: 'code',
        lang: fence.lang,
        meta: fence.meta,
        value: '',
        position: this.span(line, start),
      };
      this.add(node);
      flow.leaf = { kind: 'fenced', node, lastLine: line, fence: fence.fence };
      return;
    }
    if (char === '<') throw GIVE_UP; // HTML blocks have seven kinds of start and end
    if (isThematicBreak(text, start)) {
      this.add({ type: 'thematicBreak', position: this.span(line, start) });
      flow.leaf = null;
      return;
    }
    if (mayStartTable && tableStartsAt(this.lines, this.stack, line, start, false)) {
      const node: Table = { type: 'table', align: [], children: [], position: this.span(line, start) };
      this.add(node);
      flow.leaf = { kind: 'table', node, lastLine: line, delimiterLine: line + 1 };
      return;
    }
    this.startParagraph(line, start, taskEligible);
  }

  private startParagraph(line: number, start: number, taskEligible: boolean): void {
    const text = this.lines[line]!;
    const node: Paragraph = { type: 'paragraph', children: [], position: this.span(line, start) };
    let task = false;
    const box = taskEligible ? text.slice(start, start + 3) : '';
    if (box === '[\t]') throw GIVE_UP;
    if (/^\[[ xX]\]$/.test(box)) {
      const after = text[start + 3];
      // A box with nothing after it on the line reads differently inside quotes; rare enough to leave.
      if (isBlankFrom(text, start + 3)) throw GIVE_UP;
      if (after === ' ' || after === '\t') {
        task = true;
        (this.flow!.parent as ListItem).checked = box !== '[ ]';
        // remark drops the box and the space after it from the paragraph's first text.
        node.position!.start = this.point(line, start + 4);
      }
    }
    this.add(node);
    this.flow!.leaf = {
      kind: 'paragraph',
      node,
      firstLine: line,
      lastLine: line,
      mayBeDefinition: !task && text[start] === '[',
    };
  }

  private headingText(line: string, contentStart: number): PhrasingContent[] {
    const text = plainHeadingText(atxHeadingContent(line, contentStart));
    return text === undefined ? this.options.headingInline(line) : [{ type: 'text', value: text }];
  }

  private startQuote(line: number, at: number): void {
    const node: Blockquote = { type: 'blockquote', children: [], position: this.span(line, at) };
    this.addToContainer(node);
    this.stack.push({ kind: 'quote', node, lastLine: line });
  }

  private startList(start: ListItemStart, line: number, pos: number): void {
    const node: List = {
      type: 'list',
      ordered: start.ordered,
      start: start.start,
      spread: false,
      children: [],
      position: this.span(line, this.markerColumn(line, pos)),
    };
    this.addToContainer(node);
    this.stack.push({
      kind: 'list',
      node,
      item: this.newItem(node, line, pos),
      lastLine: line,
      ordered: start.ordered,
      marker: start.marker,
      size: start.size,
      initialBlank: start.blank,
      furtherBlank: false,
    });
  }

  private startItem(container: ListContainer, start: ListItemStart, line: number, pos: number): void {
    container.item.position!.end = this.lineEnd(container.lastLine);
    container.item = this.newItem(container.node, line, pos);
    container.lastLine = line;
    container.size = start.size;
    container.initialBlank = start.blank;
    container.furtherBlank = false;
  }

  private newItem(list: List, line: number, pos: number): ListItem {
    const item: ListItem = {
      type: 'listItem',
      spread: false,
      checked: null,
      children: [],
      position: this.span(line, this.markerColumn(line, pos)),
    };
    list.children.push(item);
    return item;
  }

  private markerColumn(line: number, pos: number): number {
    const text = this.lines[line]!;
    let column = pos;
    while (text[column] === ' ') column++;
    return column;
  }

  /** New containers go where the flow they interrupt was: into the innermost container still open. */
  private addToContainer(node: Blockquote | List): void {
    (this.innermost() as Parent).children.push(node);
  }

  private add(node: Parent['children'][number]): void {
    this.flow!.parent.children.push(node);
  }

  private innermost(): Parent {
    const top = this.stack.at(-1);
    if (!top) return this.root;
    return top.kind === 'quote' ? top.node : top.item;
  }

  private openFlow(taskEligible: boolean): Flow {
    this.flow = { parent: this.innermost(), leaf: null, taskEligible };
    return this.flow;
  }

  /**
   * Ends the flow. When a container starting on `line` ends it, an open fenced block has already
   * taken the line break before that line: remark ends it at the line's first column.
   */
  private closeFlow(line?: number): void {
    if (!this.flow) return;
    const leaf = this.flow.leaf;
    this.endLeaf();
    if (leaf?.kind === 'fenced' && line !== undefined) leaf.node.position!.end = this.point(line, 0);
    this.flow = null;
  }

  private endLeaf(): void {
    const leaf = this.flow?.leaf;
    if (!leaf) return;
    this.flow!.leaf = null;
    leaf.node.position!.end = this.lineEnd(leaf.lastLine);
    // A paragraph opening with "[" may begin with link reference definitions, which remark takes out of it.
    if (leaf.kind === 'paragraph' && leaf.mayBeDefinition) {
      for (let line = leaf.firstLine; line <= leaf.lastLine; line++)
        if (this.lines[line]!.includes(']:')) throw GIVE_UP;
    }
  }

  private exitContainers(keep: number): void {
    while (this.stack.length > keep) {
      const container = this.stack.pop()!;
      const end = this.lineEnd(container.lastLine);
      container.node.position!.end = end;
      if (container.kind === 'list') container.item.position!.end = end;
    }
  }

  private point(line: number, column: number) {
    return { line: line + 1, column: column + 1, offset: this.starts[line]! + column };
  }

  private lineEnd(line: number) {
    return this.point(line, this.lines[line]!.length);
  }

  private span(line: number, column: number) {
    return { start: this.point(line, column), end: this.lineEnd(line) };
  }
}

/** micromark's "interrupt": the flow is inside a paragraph or an indented code block still reading lines. */
function isOngoing(leaf: Leaf | null): boolean {
  return leaf?.kind === 'paragraph' || leaf?.kind === 'indented';
}
