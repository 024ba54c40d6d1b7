import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentCallView, MethodParsedInput, ReviewedAgentTool } from '../../src-preload/contract';
import type { AgentCallRepository, AgentCallRow } from '../store';
import { REDACTED, redactSecrets, type ActorContext } from '../audit';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import { parseToolInput } from '../llm/tool-inputs';
import type { HeldToolCall, ReviewDecision } from '../llm/executor';
import type { EngineDeps } from './engine-deps';
import { newId } from './ids';

/** How often a held call looks for its decision; decisions may come from another process. */
const DECISION_POLL_MS = 200;

/**
 * Tool calls of agent steps held for a person (runs with --hitl). The run stores the call and
 * waits; a person decides it from the app, the CLI or MCP, in this process or another one, since
 * the decision goes through the store. A call whose step stops first is marked expired.
 */
export class AgentCalls {
  /** Edits decided in this process, unmasked (the stored copy has secrets masked), until the run reads them. */
  private readonly decidedHere = new Map<string, Record<string, unknown> | null>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly calls: AgentCallRepository,
    private readonly pollMs = DECISION_POLL_MS,
  ) {}

  list(planRef: string | undefined, all: boolean): AgentCallView[] {
    const planId = planRef ? this.deps.resolver.resolve(planRef).id : undefined;
    return this.calls.list({ planId, pendingOnly: !all }).map((row) => this.view(row));
  }

  decide(input: MethodParsedInput<'agentCallDecide'>, context: ActorContext): AgentCallView {
    const decided = this.deps.store.transaction(() => {
      const row = this.calls.find(input.id);
      if (!row)
        throw new NotFoundError(
          `there is no held agent call '${input.id}'; list the waiting ones with: planbox agent calls`,
        );
      if (row.status !== 'pending')
        throw new InvalidInputError(
          `agent call '${row.id}' is already ${row.status}${row.decidedBy ? ` (by ${row.decidedBy})` : ''}; nothing was changed`,
        );
      const edited = input.decision === 'edit' ? this.checkEdit(row, input.input) : null;
      const comment = input.comment?.trim() ? input.comment.trim() : null;
      const status = input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'edited';
      const decidedBy = `${context.actorName ?? context.actor} (${context.surface})`;
      this.calls.decide(row.id, {
        status,
        comment,
        editedInput: edited && JSON.stringify(redactSecrets(edited)),
        decidedAt: this.deps.now(),
        decidedBy,
      });
      this.deps.audit.append(context, {
        type: 'agent.call_decided',
        planId: row.planId,
        stepId: row.stepId,
        payload: {
          callId: row.id,
          tool: row.tool,
          attempt: row.attempt,
          round: row.round,
          decision: status,
          comment: comment && redactSecrets(comment),
          ...(edited ? { editedArgBytes: Buffer.byteLength(JSON.stringify(edited)) } : {}),
        },
      });
      // The run reads the edited input back from the row; keep it unmasked for it in memory only.
      return { row: this.calls.find(row.id)!, edited };
    });
    this.deps.events.emit('plan.changed', { planId: decided.row.planId, reason: 'agent.call_decided' });
    this.decidedHere.set(decided.row.id, decided.edited);
    return this.view(decided.row);
  }

  /**
   * Holds a call for a person and waits for the decision. Resolves with it; when the step stops
   * first (cancel), marks the call expired and rejects with the step's reason.
   */
  async hold(
    call: HeldToolCall & { planId: string; attempt: number },
    engine: ActorContext,
    signal: AbortSignal,
  ): Promise<ReviewDecision> {
    const id = newId('call');
    const input = redactSecrets(call.input);
    this.deps.store.transaction(() => {
      this.calls.insert({
        id,
        planId: call.planId,
        stepId: call.stepId,
        attempt: call.attempt,
        round: call.round,
        tool: call.tool,
        input: JSON.stringify(input),
        status: 'pending',
        comment: null,
        editedInput: null,
        requestedAt: this.deps.now(),
        decidedAt: null,
        decidedBy: null,
      });
      this.deps.audit.append(engine, {
        type: 'agent.call_held',
        planId: call.planId,
        stepId: call.stepId,
        payload: {
          callId: id,
          tool: call.tool,
          attempt: call.attempt,
          round: call.round,
          path: typeof call.input.path === 'string' ? call.input.path : null,
          argBytes: Buffer.byteLength(JSON.stringify(call.input)),
        },
      });
    });
    this.deps.events.emit('plan.changed', { planId: call.planId, reason: 'agent.call_held' });
    try {
      for (;;) {
        const row = this.calls.find(id);
        if (!row) throw new Error(`the held call ${id} was removed (its plan was deleted)`);
        if (row.status !== 'pending') return this.decisionOf(row);
        await sleep(this.pollMs, undefined, { signal });
      }
    } catch (error) {
      this.expire(call.planId, engine);
      throw signal.aborted ? (signal.reason ?? error) : error;
    }
  }

  /** Marks a plan's pending calls expired (their step ended); audited, one event per call. */
  expire(planId: string, engine: ActorContext): void {
    const expired = this.deps.store.transaction(() => {
      const ids = this.calls.expirePending(planId, this.deps.now());
      for (const callId of ids)
        this.deps.audit.append(engine, { type: 'agent.call_expired', planId, payload: { callId } });
      return ids;
    });
    if (expired.length) this.deps.events.emit('plan.changed', { planId, reason: 'agent.call_expired' });
  }

  private decisionOf(row: AgentCallRow): ReviewDecision {
    const local = this.decidedHere.get(row.id);
    this.decidedHere.delete(row.id);
    if (row.status === 'approved') return { decision: 'approve' };
    if (row.status === 'edited') {
      const input = local ?? (JSON.parse(row.editedInput ?? '{}') as Record<string, unknown>);
      return { decision: 'edit', input, comment: row.comment };
    }
    if (row.status === 'rejected') return { decision: 'reject', comment: row.comment };
    // Expired by recovery in another process while this run still waited: treat as refused.
    return { decision: 'reject', comment: 'the request expired before anyone decided it' };
  }

  /** An edit must be a complete, valid call of the same tool. */
  private checkEdit(row: AgentCallRow, input: Record<string, unknown> | undefined): Record<string, unknown> {
    if (!input)
      throw new InvalidInputError(
        `an edit of agent call '${row.id}' needs the arguments it should run with (input: ${describeArgs(row.tool as ReviewedAgentTool)})`,
      );
    // What a person sees has secrets masked; an edit made from it must not write the mask itself.
    if (JSON.stringify(input).includes(REDACTED))
      throw new InvalidInputError(
        `the edited arguments still hold '${REDACTED}' where a secret was masked; put in the real value or take it out`,
      );
    const parsed = parseToolInput(row.tool as ReviewedAgentTool, input);
    if ('problem' in parsed)
      throw new InvalidInputError(
        `the edited arguments do not fit ${row.tool} (${parsed.problem}); give ${describeArgs(row.tool as ReviewedAgentTool)}`,
      );
    return parsed.input;
  }

  private view(row: AgentCallRow): AgentCallView {
    return {
      id: row.id,
      planId: row.planId,
      planName: this.deps.plans.findById(row.planId)?.name ?? row.planId,
      stepId: row.stepId,
      attempt: row.attempt,
      round: row.round,
      tool: row.tool as ReviewedAgentTool,
      input: JSON.parse(row.input) as Record<string, unknown>,
      status: row.status as AgentCallView['status'],
      comment: row.comment,
      editedInput: row.editedInput === null ? null : (JSON.parse(row.editedInput) as Record<string, unknown>),
      requestedAt: row.requestedAt,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedBy,
    };
  }
}

function describeArgs(tool: ReviewedAgentTool): string {
  return tool === 'write_file'
    ? '{"path": ..., "content": ...}'
    : tool === 'apply_patch'
      ? '{"path": ..., "patch": ...}'
      : '{"command": ...}';
}
