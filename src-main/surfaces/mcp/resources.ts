import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  McpError,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { PlanboxError } from '../../domain/errors';
import type { EventBus } from '../../app/event-bus';
import type { ToolKit } from './tool-kit';

const JSON_TYPE = 'application/json';

/**
 * Plans as MCP resources: `planbox://plans` (the list), `planbox://plans/{id}` (one plan with its
 * steps, status, approvals and progress, as load_plan returns it) and `planbox://plans/{id}/execplan`.
 * Each read goes to the database, so it shows what the desktop app or the CLI wrote a moment ago.
 */
export function registerPlanResources(kit: ToolKit): void {
  const { server } = kit;
  server.registerResource(
    'plans',
    'planbox://plans',
    { title: 'Plans', description: 'Every plan: name, status, version, tags, risk and progress.', mimeType: JSON_TYPE },
    (uri) => read(uri, JSON_TYPE, async () => JSON.stringify(await kit.call('planList', {}), null, 2)),
  );

  server.registerResource(
    'plan',
    new ResourceTemplate('planbox://plans/{id}', {
      list: async () => ({
        resources: (await kit.call('planList', {})).map((plan) => ({
          uri: `planbox://plans/${plan.id}`,
          name: plan.name,
          description: `${plan.status}, version ${plan.version}, ${plan.stepCount} steps, risk ${plan.risk.level}, ${plan.progress.percentage}% done`,
          mimeType: JSON_TYPE,
        })),
      }),
    }),
    {
      title: 'Plan',
      description: 'One plan with its steps, risk, approvals, validation and progress.',
      mimeType: JSON_TYPE,
    },
    (uri, { id }) =>
      read(uri, JSON_TYPE, async () => JSON.stringify(await kit.call('planGet', { plan: String(id) }), null, 2)),
  );

  server.registerResource(
    'plan-execplan',
    new ResourceTemplate('planbox://plans/{id}/execplan', { list: undefined }),
    {
      title: 'Plan as an ExecPlan',
      description: 'The plan as ExecPlan markdown, with its real progress.',
      mimeType: 'text/markdown',
    },
    (uri, { id }) =>
      read(
        uri,
        'text/markdown',
        async () => (await kit.call('planExport', { plan: String(id), format: 'execplan' })).text,
      ),
  );
}

async function read(uri: URL, mimeType: string, text: () => Promise<string>): Promise<ReadResourceResult> {
  try {
    return { contents: [{ uri: uri.href, mimeType, text: await text() }] };
  } catch (error) {
    // An unknown plan is the reader's mistake, said in the engine's words.
    if (error instanceof PlanboxError) throw new McpError(ErrorCode.InvalidParams, error.message);
    throw error;
  }
}

/** Audit event types after which the list of plans is different. */
const LIST_CHANGES = new Set(['plan.created', 'plan.deleted', 'plan.cleaned']);

/**
 * Keeps subscribed clients up to date: `plan.changed` (from this process, or from another one
 * sharing the data folder through the change feed) becomes resources/updated for the plan's
 * resources the client subscribed to, and a plan created or deleted becomes list_changed.
 * Returns a function that stops it.
 */
export function notifyPlanChanges(kit: ToolKit, events: EventBus): () => void {
  const subscribed = new Set<string>();
  const { server } = kit.server;
  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
  return events.on('plan.changed', ({ planId, reason }) => {
    if (!kit.server.isConnected()) return;
    const uris = ['planbox://plans', `planbox://plans/${planId}`, `planbox://plans/${planId}/execplan`];
    for (const uri of uris.filter((u) => subscribed.has(u))) server.sendResourceUpdated({ uri }).catch(() => undefined);
    if (LIST_CHANGES.has(reason)) kit.server.sendResourceListChanged();
  });
}
