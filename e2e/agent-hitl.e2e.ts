import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCallView, DiffView } from '../src-preload/contract';
import type { Page } from '@playwright/test';
import type { FakeOpenAiServer } from '../src-main/testing/fake-openai-server';
import type { PlanboxFixture } from './fixtures';
import { test, expect } from './fake-model';
import { PlanPage } from './pages/plan-page';
import { HeldCallsPage } from './pages/held-calls-page';

/**
 * Held agent calls in the app: an agent step runs with HITL on, and each file write and shell
 * command waits in the plan view until a person approves or rejects it. The executor model is a
 * loopback server speaking the OpenAI wire format (the one allowed fake); the step's tools run in
 * a real container.
 */

const PLAN = 'hitl-greet';

/** Imports a plan with one agent step that may run commands (HIGH risk) and approves it and the step in the app. */
async function approvedAgentPlan(page: Page, planbox: PlanboxFixture): Promise<PlanPage> {
  const workspace = join(planbox.scratch, 'greeter');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.md'), '# greeter\n');
  const file = join(planbox.scratch, `${PLAN}.yaml`);
  writeFileSync(
    file,
    `name: ${PLAN}
goal: greet the world
sandbox: { image: planbox-test/busybox:latest, network: none }
steps:
  - id: greet
    title: Write the greeting
    kind: agent
    shell: true
    prompt: Create hello.txt holding "hi" and show that it is there.
`,
  );
  planbox.cli(['plan', 'import', file, '--workspace', workspace]);
  const plan = new PlanPage(page);
  await plan.goto(planbox.origin, PLAN);
  await test.step('approve the plan, and the HIGH-risk agent step on its own', async () => {
    await plan.decide('approve', 'an agent may write a greeting');
    await expect(plan.approval).toHaveAttribute('data-state', 'approved');
    await plan.selectStep('greet');
    await plan.decide('approve', 'it may run commands; I will watch them');
    await expect(plan.decisionResult).toHaveText('Approved step greet.');
  });
  return plan;
}

/** The tool results the model was sent in its n-th request (0-based). */
function toolResults(fakeModel: FakeOpenAiServer, request: number): string[] {
  return (fakeModel.requests[request]!.body.messages ?? [])
    .filter((m) => m.role === 'tool')
    .map((m) => String(m.content));
}

test.describe('held agent calls in the app', () => {
  test('approve a write, reject a command with a comment the model is told, and the step completes', async ({
    page,
    planbox,
    fakeModel,
  }) => {
    fakeModel.script(
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hi' } }] },
      { toolCalls: [{ name: 'run_command', arguments: { command: 'cat hello.txt' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'wrote hello.txt; was not allowed to read it back' } }] },
    );
    const plan = await approvedAgentPlan(page, planbox);
    const held = new HeldCallsPage(page);

    await test.step('tick HITL and run all: the write waits in the plan view', async () => {
      await held.hitlBox.check();
      await plan.runAllButton.click();
      const card = held.card('write_file');
      await expect(card).toBeVisible();
      await expect(card.getByTestId('held-call-path')).toHaveText('hello.txt');
      await expect(card.getByTestId('held-call-where')).toContainText('Step greet, round 1');
      await expect(held.editor('write_file')).toHaveAttribute('data-ready', 'true');
      await expect(held.editor('write_file')).toContainText('hi');
      await expect(held.badge).toHaveAttribute('data-count', '1');
      await expect(held.badge).toHaveAttribute('data-plan', PLAN);
      expect(fakeModel.requests).toHaveLength(1);
    });

    await test.step('approve the write: the command is held next', async () => {
      await held.approve('write_file');
      const card = held.card('run_command');
      await expect(card).toBeVisible();
      await expect(card.getByTestId('held-call-where')).toContainText('Step greet, round 2');
      await expect(held.editor('run_command')).toContainText('cat hello.txt');
      await expect(held.cards).toHaveCount(1);
    });

    await test.step('reject the command with a comment; the model finishes and the step completes', async () => {
      await held.reject('run_command', 'not now');
      await expect(plan.runReport).toHaveAttribute('data-stopped', 'done');
      await expect(plan.stepStatus('greet')).toHaveAttribute('data-status', 'completed');
      await expect(held.panel).toBeHidden();
      await expect(held.badge).toBeHidden();
    });

    await test.step('the model was told the rejection and its comment', async () => {
      expect(fakeModel.requests).toHaveLength(3);
      const told = toolResults(fakeModel, 2).at(-1);
      expect(told).toContain('not now');
      expect(told).toMatch(/rejected/);
    });

    await test.step('the held calls are kept with their decisions, newest first', async () => {
      const calls = await page.evaluate(async (name) => {
        const response = await fetch('/api/agentCalls', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ plan: name, all: true }),
        });
        return ((await response.json()) as { result: AgentCallView[] }).result;
      }, PLAN);
      expect(calls.map((call) => [call.tool, call.status, call.comment])).toEqual([
        ['run_command', 'rejected', 'not now'],
        ['write_file', 'approved', null],
      ]);
      expect(calls.map((call) => call.decidedBy)).toEqual([
        expect.stringMatching(/\(ui\)$/),
        expect.stringMatching(/\(ui\)$/),
      ]);
    });
  });

  test('edit a held write: the edited version runs and the model is told it was changed', async ({
    page,
    planbox,
    fakeModel,
  }) => {
    fakeModel.script(
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hi' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'wrote the greeting' } }] },
    );
    const plan = await approvedAgentPlan(page, planbox);
    const held = new HeldCallsPage(page);

    await test.step('run with HITL; open the held write for editing from the keyboard', async () => {
      await held.hitlBox.check();
      await plan.runAllButton.click();
      await expect(held.card('write_file')).toBeVisible();
      await held.card('write_file').getByTestId('held-call-edit').press('Enter');
      await expect(held.card('write_file')).toHaveAttribute('data-mode', 'edit');
      // Nothing changed yet, so there is nothing to run but the call as it is.
      await expect(held.runEdited).toBeDisabled();
      await expect(held.editPath).toBeFocused();
    });

    await test.step('change the path and the content, then Run edited', async () => {
      await held.editPath.fill('greeting.txt');
      await held.replaceEditorText('write_file', 'hello from the reviewer');
      await expect(held.runEdited).toBeEnabled();
      await held.runEdited.click();
      await expect(plan.runReport).toHaveAttribute('data-stopped', 'done');
      await expect(held.panel).toBeHidden();
    });

    await test.step('the edited file was written, and the model was told', async () => {
      const told = toolResults(fakeModel, 1).at(-1);
      expect(told).toContain('changed this call before it ran');
      expect(told).toContain('greeting.txt');
      const diff = await page.evaluate(async (name) => {
        const response = await fetch('/api/planDiff', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ plan: name, step: 'greet' }),
        });
        return ((await response.json()) as { result: DiffView }).result;
      }, PLAN);
      expect(diff.changes.map((change) => [change.path, change.after])).toEqual([
        ['greeting.txt', 'hello from the reviewer'],
      ]);
    });
  });
});
