/**
 * The shape of a parsed ExecPlan. Every line number is 1-based and counts lines of the whole file
 * (front matter included), so a finding or a section points at the line an editor shows.
 */

export interface FrontMatter {
  /** The YAML mapping, or null when there is no block, it does not parse, or it is not a mapping. */
  data: Record<string, unknown> | null;
  /** The YAML between the two `---` lines, exactly as written; null when there is no closed block. */
  raw: string | null;
  /** Line of the opening `---`; 0 when the file does not start with one. */
  startLine: number;
  /** Line of the closing `---`; 0 when there is none. */
  endLine: number;
  /** One line saying why `data` is null although the file starts with `---`; null otherwise. */
  error: string | null;
  /** File line the error concerns; 0 without an error. */
  errorLine: number;
}

export interface Heading {
  /** Plain text of the heading: emphasis and link syntax removed, inline code kept as its content. */
  text: string;
  depth: number;
  line: number;
}

export interface Section {
  heading: string;
  depth: number;
  line: number;
  /** Last line of the section: the line before the next heading of the same or a shallower depth. */
  endLine: number;
  /** The section body as written (original markdown, exact bytes incl. the heading line), so prose can be kept unchanged */
  markdown: string;
}

export interface ProgressItem {
  checked: boolean;
  /** The item's first paragraph on one line, without the checkbox and without a leading timestamp. */
  text: string;
  line: number;
  /** "(2025-10-01 13:00Z)" → ISO-ish string as written, or null */
  timestamp: string | null;
  /** "completed: X; remaining: Y" items */
  partial: { completed: string; remaining: string } | null;
}

export interface DecisionEntry {
  decision: string;
  rationale: string | null;
  dateAuthor: string | null;
  line: number;
}

export interface SurpriseEntry {
  observation: string;
  evidence: string | null;
  line: number;
}

/** A fenced (``` or ~~~) or indented code block. */
export interface CodeBlock {
  line: number;
  endLine: number;
  fenced: boolean;
  /** The opening fence characters ("```", "~~~~"); null for an indented block. */
  fence: string | null;
  /** The info string after the opening fence ("bash", "md"); null when there is none. */
  info: string | null;
  /** False for a fenced block that runs to the end of its container because its closing fence is missing. */
  closed: boolean;
}

export interface ExecPlanDocument {
  /** The file's text without its byte order mark; every offset and slice refers to this string. */
  text: string;
  /** Whether the file started with a UTF-8 byte order mark; write `'\uFEFF' + text` to reproduce it. */
  bom: boolean;
  /** The line ending most lines use, so an edited plan can be written back with the same one. */
  eol: '\n' | '\r\n';
  frontMatter: FrontMatter;
  /** A legacy "Plan ID: ..." line */
  planIdLine: { id: string; line: number } | null;
  /** The first top-level `#` heading. */
  title: Heading | null;
  /** Every heading at the top level of the document (not inside lists or quotes), in order. */
  headings: Heading[];
  /** One section per heading except the title, in document order; deeper sections nest inside shallower ones. */
  sections: Section[];
  /** Checklist items of every section named Progress. */
  progress: ProgressItem[];
  /** checklist items found outside the Progress section */
  strayChecklists: { line: number; text: string }[];
  decisions: DecisionEntry[];
  surprises: SurpriseEntry[];
  /** Code blocks anywhere in the body (also inside lists and quotes), in order. */
  codeBlocks: CodeBlock[];
  /** Parts of the markdown the parser gave up on (nesting too deep); empty for ordinary files. */
  markdownErrors: { line: number; message: string }[];
}
