import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { methods } from '../../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../../testing/test-planbox';
import { createPlanboxMcpServer } from './server';
import { field, renameLeadingField } from './tool-kit';

/** The MCP server in process, over the SDK's in-memory transport, on a real SQLite database. */
describe('the Planbox MCP server', () => {
  let pb: TestPlanbox;
  let client: Client;
  const logged: string[] = [];

  beforeEach(async () => {
    pb = openTestPlanbox();
    const { server } = createPlanboxMcpServer(pb.app, { version: 'test', log: (line) => logged.push(line) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'claude-desktop', version: '0.9.0' });
    await client.connect(clientSide);
  });
  afterEach(async () => {
    await client.close();
    await pb.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    return { isError: result.isError === true, text: (result.content as { text: string }[])[0]!.text };
  };

  it("builds tool inputs from the contract's own field schemas", async () => {
    expect(field('planCompleteStep', 'filesModified')).toBe(methods.planCompleteStep.input.shape.filesModified);
    const { tools } = await client.listTools();
    const complete = tools.find((t) => t.name === 'complete_step')!.inputSchema;
    expect(complete).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['plan_id'],
      properties: { files_modified: { type: 'array', items: { type: 'string' } }, step_number: { type: 'integer' } },
    });
    const request = tools.find((t) => t.name === 'request_approval')!.inputSchema;
    expect(request.properties?.note).toMatchObject({ type: 'string', maxLength: 4000 });
  });

  it("audits every change under the client's name from the initialize handshake", async () => {
    const plan = { name: 'hello', steps: [{ id: 'say', title: 'Say hello', kind: 'command', command: 'echo hello' }] };
    expect((await call('create_plan', { plan })).isError).toBe(false);
    expect((await call('request_approval', { plan_id: 'hello', note: 'tiny' })).isError).toBe(false);
    const events = pb.app.audit.list({ limit: 10 }).reverse();
    expect(events.map((e) => [e.type, e.actor, e.surface, e.actorName])).toEqual([
      ['plan.created', 'agent', 'mcp', 'claude-desktop'],
      ['approval.requested', 'agent', 'mcp', 'claude-desktop'],
    ]);
  });

  it('offers no way to approve: a request waits for the person, and an unapproved step is refused', async () => {
    const plan = { name: 'wait', steps: [{ id: 'say', title: 'Say', kind: 'command', command: 'echo hi' }] };
    await call('create_plan', { plan });
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools.filter((name) => /approve|respond|reject|decide/.test(name))).toEqual([]);
    const refused = await call('execute_step', { plan_id: 'wait', step_number: 1 });
    expect(refused).toEqual({
      isError: true,
      text: "plan 'wait' is ready; it must be approved before it runs (planbox plan approve)",
    });
    await pb.call('planApprove', { plan: 'wait' }, PERSON);
    const status = await call('get_approval_status', { plan_id: 'wait' });
    expect(JSON.parse(status.text)).toMatchObject({ approved: true, plan: { approval: { by: 'user:alice' } } });
  });

  it('tells a subscribed client when another process changes a plan (through the change feed)', async () => {
    const plan = { name: 'watched', steps: [{ id: 'say', title: 'Say', kind: 'command', command: 'echo hi' }] };
    const listChanged = new Promise((resolve) =>
      client.setNotificationHandler(ResourceListChangedNotificationSchema, resolve),
    );
    const { id } = JSON.parse((await call('create_plan', { plan })).text).plan;
    await listChanged;

    pb.app.pollChanges(); // the feed starts from here, as a watching process would
    await client.subscribeResource({ uri: `planbox://plans/${id}` });
    const updated = new Promise<{ params: { uri: string } }>((resolve) =>
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, resolve),
    );
    // The person approves; this process learns of it only from the audit log, like a second process.
    await pb.call('planApprove', { plan: id }, PERSON);
    expect(pb.app.pollChanges()).toBe(1);
    expect((await updated).params.uri).toBe(`planbox://plans/${id}`);
    const read = await client.readResource({ uri: `planbox://plans/${id}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ status: 'approved' });
  });

  it('names the tool argument, not the contract field, when the engine refuses', async () => {
    const refine = await call('refine_plan', { plan_id: 'nothing-here', plan: { name: 'x', steps: [] } });
    expect(refine).toEqual({
      isError: true,
      text: "no plan named 'nothing-here'; list the plans with: planbox plan list",
    });
    expect(renameLeadingField('definition.name: keeps its name', { definition: 'plan' })).toBe(
      'plan.name: keeps its name',
    );
    expect(renameLeadingField('from: must be positive', { from: 'from_version' })).toBe(
      'from_version: must be positive',
    );
    expect(renameLeadingField("plan 'x' is ready", { plan: 'plan_id' })).toBe("plan 'x' is ready");
    expect(renameLeadingField('steps[0].path escapes', { steps: 'step_ids' })).toBe('step_ids[0].path escapes');
  });
});
