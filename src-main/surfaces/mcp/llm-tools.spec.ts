import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { openTestPlanbox, type TestPlanbox } from '../../testing/test-planbox';
import { plannerAnswer, startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server';
import { createPlanboxMcpServer } from './server';

/** create_plan from a goal and refine_plan from feedback, with the planner behind a loopback OpenAI-format server. */
describe('MCP tools with the LLM planner', () => {
  let server: FakeOpenAiServer;
  let pb: TestPlanbox;
  let client: Client;

  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    pb = openTestPlanbox({ env: { PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder' } });
    const { server: mcp } = createPlanboxMcpServer(pb.app, { version: 'test', log: () => undefined });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    client = new Client({ name: 'claude-desktop', version: '0.9.0' });
    await client.connect(clientSide);
  });
  afterEach(async () => {
    await client.close();
    await pb.close();
    await server.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    return { isError: result.isError === true, text: (result.content as { text: string }[])[0]!.text };
  };

  it('creates a plan from a goal alone and refines it from feedback with focus_steps', async () => {
    server.script({ content: plannerAnswer([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }], { name: 'from-goal' }) });
    const created = await call('create_plan', { goal: 'do two things', mvp_only: true });
    expect(created.isError).toBe(false);
    expect(JSON.parse(created.text)).toMatchObject({
      created: true,
      plan: { name: 'from-goal' },
      planner: { calls: 1 },
    });
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('the minimum that reaches the goal');

    server.script({
      content: plannerAnswer([
        { id: 'a', title: 'changed' },
        { id: 'b', title: 'B, better', dependsOn: ['a'] },
      ]),
    });
    const refined = await call('refine_plan', { plan_id: 'from-goal', feedback: 'make b better', focus_steps: ['b'] });
    expect(refined.isError).toBe(false);
    const steps = (JSON.parse(refined.text) as { plan: { steps: { id: string; title: string }[] } }).plan.steps;
    expect(steps.map((s) => s.title)).toEqual(['a', 'B, better']);

    const events = await pb.call('auditList', { type: 'llm.called' });
    expect(events.map((e) => [e.actor, e.surface])).toEqual([
      ['engine', 'mcp'],
      ['engine', 'mcp'],
    ]);
  });
});
