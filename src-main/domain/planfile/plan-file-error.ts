import { InvalidInputError } from '../errors';

/** The plan file formats Planbox reads: its own, and the two seed systems' plan JSON. */
export type PlanFileFormat = 'planbox' | 'context-engine' | 'tinycode';

export interface PlanFileLocation {
  line?: number;
  column?: number;
  /** Key path inside the document, as written in the file: `steps[1].kind`. */
  path?: string;
}

/**
 * A plan file that cannot be read or does not fit the plan model. The message is one line that
 * starts where the problem is (`file:line:column` or `file: key.path`) so editors and terminals
 * can jump to it.
 */
export class PlanFileError extends InvalidInputError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;

  constructor(file: string, problem: string, location: PlanFileLocation = {}) {
    super(`${formatWhere(file, location)}: ${problem}`);
    this.file = file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
    if (location.path !== undefined) this.path = location.path;
  }
}

function formatWhere(file: string, { line, column, path }: PlanFileLocation): string {
  let where = file;
  if (line !== undefined) where += `:${line}${column !== undefined ? `:${column}` : ''}`;
  if (path) where += `: ${path}`;
  return where;
}
