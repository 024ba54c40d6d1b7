import type { Envelope, ErrorView, MethodName, MethodResult } from '../../src-preload/contract';
import { IllegalTransitionError, InvalidInputError, NotFoundError, PlanboxError, UsageError } from '../domain/errors';
import type { ActorContext } from '../audit';
import { invoke, type Handlers } from './handlers';

/**
 * A contract call for a surface that speaks envelopes (IPC, HTTP): the result, or an error a person
 * can read. Unexpected failures keep their message but are marked internal, so a view can say so.
 */
export async function callEnvelope<M extends MethodName>(
  handlers: Handlers,
  name: M,
  input: unknown,
  context: ActorContext,
): Promise<Envelope<MethodResult<M>>> {
  try {
    return { result: await invoke(handlers, name, input, context) };
  } catch (error) {
    return { error: toErrorView(error) };
  }
}

export function toErrorView(error: unknown): ErrorView {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) return { kind: 'usage', message };
  if (error instanceof NotFoundError) return { kind: 'not_found', message };
  if (error instanceof InvalidInputError) return { kind: 'invalid', message };
  if (error instanceof IllegalTransitionError || error instanceof PlanboxError) return { kind: 'refused', message };
  return { kind: 'internal', message: `internal error: ${message}` };
}
