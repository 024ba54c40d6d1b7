import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import {
  methods,
  type MethodInput,
  type MethodName,
  type MethodResult,
  type Methods,
} from '../../../src-preload/contract';
import { InvalidInputError, PlanboxError } from '../../domain/errors';
import type { ActorContext } from '../../audit';
import type { Planbox } from '../../app/create-planbox';
import { invoke } from '../../app/handlers';

type InputShape<M extends MethodName> = Methods[M]['input']['shape'];

/**
 * One field of a contract method's input schema, used as it is declared there. MCP tools are
 * built from these, so a field's rules and description live in one place.
 */
export function field<M extends MethodName, K extends keyof InputShape<M> & string>(
  method: M,
  key: K,
): InputShape<M>[K] {
  return (methods[method].input.shape as InputShape<M>)[key];
}

/** The same field, required (the contract makes a plan optional where the CLI has an active plan). */
export function required<S extends z.ZodType>(schema: S): S extends z.ZodOptional<infer T> ? T : S {
  return (schema instanceof z.ZodOptional ? schema.unwrap() : schema) as S extends z.ZodOptional<infer T> ? T : S;
}

/** Plans are named by id or name; an agent always names one (there is no active plan for it). */
export const planId = () => required(field('planGet', 'plan')).describe('plan id (or name)');

/** A step named by its id or by its number in the plan (1 is the first step), as the agent prefers. */
export function stepRef(method: 'planCompleteStep' | 'planStartStep' | 'planFailStep' | 'planRun') {
  return {
    step_id: required(field(method, 'step')).optional().describe('the step id'),
    step_number: z.number().int().positive().optional().describe('the step number (1 is the first step); or step_id'),
  };
}

export interface StepRefArgs {
  step_id?: string | undefined;
  step_number?: number | undefined;
}

export interface ToolOptions<Shape extends z.ZodRawShape> {
  title: string;
  description: string;
  input: Shape;
  /** Reads change nothing; the client may call them freely. */
  readOnly?: boolean;
  destructive?: boolean;
  /** Contract field names the tool calls differently, for error messages: { definition: 'plan' }. */
  aliases?: Record<string, string>;
}

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a tool's result is: JSON data, or (for documents such as an ExecPlan) text as it is. */
export type ToolOutput = { data: unknown; text?: string; isError?: boolean };

/**
 * Builds MCP tools over the contract: every call goes through `invoke` as the agent (actor
 * `agent`, surface `mcp`, named after the client from the initialize handshake), and every
 * refusal becomes a tool error whose text says what was wrong, as the engine worded it.
 */
export class ToolKit {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly server: McpServer,
    private readonly planbox: Planbox,
    private readonly log: (line: string) => void,
  ) {}

  actor(): ActorContext {
    const client = this.server.server.getClientVersion()?.name?.trim();
    return { actor: 'agent', surface: 'mcp', actorName: client || 'unknown-client' };
  }

  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    return invoke(this.planbox.handlers, name, input, this.actor());
  }

  /** The id of the step an agent named by id or number, in the plan's current version. */
  async stepId(plan: string, ref: StepRefArgs, options: { optional?: boolean } = {}): Promise<string | undefined> {
    if (ref.step_number === undefined) {
      if (ref.step_id === undefined && !options.optional)
        throw new InvalidInputError('step_id: name the step by step_id or step_number');
      return ref.step_id;
    }
    const view = await this.call('planGet', { plan });
    const step = view.steps.find((s) => s.number === ref.step_number);
    if (!step)
      throw new InvalidInputError(
        `step_number: plan '${view.name}' has no step ${ref.step_number}; its steps are numbered 1 to ${view.steps.length}`,
      );
    if (ref.step_id !== undefined && ref.step_id !== step.id)
      throw new InvalidInputError(
        `step_id: step ${ref.step_number} is '${step.id}', not '${ref.step_id}'; name the step one way`,
      );
    return step.id;
  }

  /** Step ids from a list of ids and a list of numbers (either may be empty). */
  async stepIds(plan: string, ids: string[] | undefined, numbers: number[] | undefined): Promise<string[] | undefined> {
    if (!numbers?.length) return ids;
    const byNumber = await Promise.all(numbers.map((n) => this.stepId(plan, { step_number: n })));
    return [...new Set([...(ids ?? []), ...(byNumber as string[])])];
  }

  tool<Shape extends z.ZodRawShape>(
    name: string,
    options: ToolOptions<Shape>,
    run: (args: z.output<z.ZodObject<Shape, z.core.$strict>>, extra: ToolExtra) => Promise<ToolOutput>,
  ): void {
    const annotations: ToolAnnotations = {
      title: options.title,
      readOnlyHint: options.readOnly ?? false,
      destructiveHint: options.destructive ?? false,
      idempotentHint: options.readOnly ?? false,
      openWorldHint: false,
    };
    const inputSchema = z.strictObject(options.input);
    this.server.registerTool<z.ZodRawShape, typeof inputSchema>(
      name,
      { title: options.title, description: options.description, inputSchema, annotations },
      async (args, extra) => {
        const work = run(args, extra);
        this.inFlight.add(work);
        try {
          return toResult(await work);
        } catch (error) {
          return this.failure(name, error, options.aliases ?? {});
        } finally {
          this.inFlight.delete(work);
        }
      },
    );
  }

  /**
   * Sends a running step's output to the client as progress notifications, when its request asked
   * for progress (a progressToken): a long step then shows signs of life and, with the client's
   * resetTimeoutOnProgress, does not time out. Returns a function that stops forwarding.
   */
  forwardStepOutput(planId: string, extra: ToolExtra): () => void {
    const token = extra._meta?.progressToken;
    if (token === undefined) return () => undefined;
    let progress = 0;
    return this.planbox.events.on('step.output', (chunk) => {
      if (chunk.planId !== planId) return;
      progress += 1;
      const message = `${chunk.stepId}: ${chunk.text.trimEnd().slice(-500)}`;
      extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, message } })
        .catch(() => undefined);
    });
  }

  /** Calls still running (a step in the sandbox): the server waits for them before the store closes. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private failure(tool: string, error: unknown, aliases: Record<string, string>): CallToolResult {
    if (error instanceof PlanboxError) return errorResult(renameLeadingField(error.message, aliases));
    // Anything else is a bug or a broken environment: the agent gets one line, the log the stack.
    this.log(`planbox mcp: ${tool} failed: ${(error as Error).stack ?? String(error)}`);
    return errorResult(`internal error in ${tool}: ${(error as Error).message ?? String(error)}`);
  }
}

function toResult(output: ToolOutput): CallToolResult {
  const text = output.text ?? JSON.stringify(output.data, null, 2);
  const structured =
    output.data !== null && typeof output.data === 'object' && !Array.isArray(output.data)
      ? (output.data as Record<string, unknown>)
      : { result: output.data };
  return {
    content: [{ type: 'text', text }],
    structuredContent: structured,
    ...(output.isError ? { isError: true } : {}),
  };
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** 'definition.steps[0]: …' from the engine reads 'plan.steps[0]: …' in a tool that calls that field 'plan'. */
export function renameLeadingField(message: string, aliases: Record<string, string>): string {
  const match = /^([A-Za-z]+)(?=[.:[])/.exec(message);
  const alias = match && aliases[match[1]!];
  return alias ? alias + message.slice(match[1]!.length) : message;
}
