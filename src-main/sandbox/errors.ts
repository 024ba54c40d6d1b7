import { PlanboxError } from '../domain/errors';

/**
 * Errors the sandbox raises. Like every PlanboxError the message is one line a person can act on
 * (what went wrong, with which input, what to do); the engine error that caused it, if any, is kept
 * as `cause` for logs and never shown as the message.
 */
export class SandboxError extends PlanboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** No Docker engine answers at the configured address. */
export class EngineUnavailableError extends SandboxError {
  constructor(
    readonly address: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The image a plan names is not present and Planbox may not (or cannot) get it. */
export class ImageUnavailableError extends SandboxError {
  constructor(
    readonly image: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The host folder cannot be copied into a base snapshot (too large, unreadable, engine refused). */
export class WorkspaceImportError extends SandboxError {}

/** The engine's own words, for a `cause` or the tail of a message: HTTP noise trimmed, one line. */
export function engineReason(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw
    .replace(/^\(HTTP code \d+\)[^-]*-\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
