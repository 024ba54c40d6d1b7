/**
 * Errors the domain raises. Each carries one line a person can act on; surfaces print `message`
 * as it is, so it must name what was wrong, where, and what to do.
 */
export class PlanboxError extends Error {
  /** 1: refused or invalid input (the CLI's exit code 1). */
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A state machine refused a move. */
export class IllegalTransitionError extends PlanboxError {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    hint: string,
  ) {
    super(`cannot move ${entity} from '${from}' to '${to}': ${hint}`);
  }
}

/** Input that does not fit: a plan file, a CLI argument, an API call. */
export class InvalidInputError extends PlanboxError {}

/** Something named that does not exist (a plan, a version, a step). */
export class NotFoundError extends PlanboxError {}

/** A call whose arguments do not fit the API (the CLI's exit code 2). */
export class UsageError extends PlanboxError {
  override readonly exitCode: number = 2;
}
