import type { ErrorView } from '../../../../src-preload/contract';

/** A refused or failed call, carrying the backend's one-line message for the view to show. */
export class CallError extends Error {
  readonly kind: ErrorView['kind'];
  constructor(
    readonly method: string,
    view: ErrorView,
  ) {
    super(view.message);
    this.name = 'CallError';
    this.kind = view.kind;
  }
}

export function unwrap<T>(method: string, envelope: { result: T } | { error: ErrorView }): T {
  if ('error' in envelope) throw new CallError(method, envelope.error);
  return envelope.result;
}

/** What a view shows for any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
