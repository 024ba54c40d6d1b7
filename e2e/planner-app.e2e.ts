import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plannerAnswer } from '../src-main/testing/fake-openai-server';
import { test as base } from './fixtures';
import { test, expect } from './fake-model';
import { PlansPage } from './pages/plans-page';
import { PlanPage } from './pages/plan-page';

/**
 * The LLM planner from the app: `planbox serve` runs with PLANBOX_LLM_* pointing at a loopback
 * server in this test process that speaks the OpenAI wire format and answers from a script.
 */

test.describe('the LLM planner in the app', () => {
  test('create a plan from a goal through the dialog, then refine it from feedback', async ({
    page,
    planbox,
    fakeModel,
  }) => {
    const workspace = join(planbox.scratch, 'greeter');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ scripts: { test: 'node --test' } }));
    writeFileSync(join(workspace, 'index.js'), 'console.log("hi");\n');

    fakeModel.script({
      content: plannerAnswer(
        [
          {
            id: 'greet',
            title: 'Write the greeting',
            command: "sed -i 's/hi/hello/' index.js",
            modifies: ['index.js'],
          },
          { id: 'test', title: 'Run the tests', command: 'npm test', dependsOn: ['greet'] },
        ],
        { name: 'greeter' },
      ),
    });

    const plans = new PlansPage(page);
    await expect(plans.createFromGoal).toBeEnabled();
    await plans.createFromGoal.click();
    const dialog = page.getByTestId('create-goal-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('goal-text').fill('greet with hello and test it');
    await dialog.getByTestId('goal-workspace').fill(workspace);
    await dialog.getByTestId('goal-explore').check();
    await dialog.getByTestId('goal-submit').click();

    const plan = new PlanPage(page);
    await expect(plan.view).toHaveAttribute('data-plan', 'greeter');
    await expect(plan.stepRows).toHaveCount(2);
    await expect(plan.view).toContainText('Write the greeting');
    await expect(plan.view).toContainText('Run the tests');
    await expect(plan.version).toHaveText('1');
    // The planner saw the goal and, with explore, the workspace's test script.
    const prompt = JSON.stringify(fakeModel.requests[0]!.body.messages);
    expect(prompt).toContain('greet with hello and test it');
    expect(prompt).toContain('npm run test');

    fakeModel.script({
      content: plannerAnswer(
        [
          {
            id: 'greet',
            title: 'Write the greeting',
            command: "sed -i 's/hi/hello/' index.js",
            modifies: ['index.js'],
          },
          { id: 'handle-errors', title: 'Handle a missing file', command: 'test -f index.js', dependsOn: ['greet'] },
          { id: 'test', title: 'Run the tests', command: 'npm test', dependsOn: ['handle-errors'] },
        ],
        { name: 'greeter' },
      ),
    });
    const panel = page.getByTestId('planner-panel');
    await panel.locator('summary').click();
    await panel.getByTestId('refine-feedback').fill('add error handling steps');
    await panel.getByTestId('refine-submit').click();
    await expect(panel.getByTestId('planner-result')).toContainText('Version 2 written');
    await expect(plan.stepRows).toHaveCount(3);
    await expect(plan.view).toContainText('Handle a missing file');
    expect(JSON.stringify(fakeModel.requests[1]!.body.messages)).toContain('add error handling steps');

    await test.step("the Model use panel counts the planner's tokens from the audit log", async () => {
      // The create and refine calls, audited with the plan (the fake server reports 100 in / 50 out each).
      const usage = page.getByTestId('model-usage');
      await expect(usage.getByTestId('usage-total')).toContainText('200 tokens in · 100 out · 2 calls');
      await expect(usage.getByTestId('usage-role')).toHaveText([/^planner: 200 in \/ 100 out, 2 calls, /]);
    });

    const history = JSON.parse(planbox.cli(['plan', 'history', 'greeter', '--json']).stdout) as {
      version: number;
      reason: string;
    }[];
    expect(history.map((v) => [v.version, v.reason])).toEqual([
      [1, 'create'],
      [2, 'refine'],
    ]);
  });

  test("the planner's failure shows in the dialog and nothing is stored", async ({ page, planbox, fakeModel }) => {
    mkdirSync(planbox.scratch, { recursive: true });
    fakeModel.script({ content: 'not json' }, { content: 'still not json' });
    const plans = new PlansPage(page);
    await plans.createFromGoal.click();
    const dialog = page.getByTestId('create-goal-dialog');
    await dialog.getByTestId('goal-text').fill('something the model cannot plan');
    await dialog.getByTestId('goal-workspace').fill(planbox.scratch);
    await dialog.getByTestId('goal-explore').uncheck();
    await dialog.getByTestId('goal-submit').click();
    await expect(dialog.getByTestId('error')).toBeVisible();
    await expect(dialog).toBeVisible();
    expect(JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout)).toEqual([]);
  });

  test('after a failed step, Replan the remaining steps writes a version that keeps the completed step', async ({
    page,
    planbox,
    fakeModel,
  }) => {
    mkdirSync(planbox.scratch, { recursive: true });
    const file = join(planbox.scratch, 'failing.yaml');
    writeFileSync(
      file,
      `name: failing
goal: Write a note, then look for a file nobody made
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: LOW, maxRetries: 0 }
steps:
  - id: note
    title: Write a note
    kind: command
    command: echo hello > note.txt
    effects: { create: [note.txt] }
  - id: look
    title: Look for a file nobody made
    kind: command
    command: echo looking
    dependsOn: [note]
    acceptance:
      - { description: missing.txt exists, command: "test -f missing.txt" }
`,
    );
    planbox.cli(['plan', 'import', file]);
    planbox.cli(['plan', 'approve', 'failing']);
    expect(planbox.cli(['plan', 'next', '--auto', 'failing']).code).not.toBe(0);

    fakeModel.script({
      content: plannerAnswer(
        [
          { id: 'note', title: 'Write a note', command: 'echo hello > note.txt', creates: ['note.txt'] },
          { id: 'make-missing', title: 'Make the missing file', command: 'touch missing.txt', dependsOn: ['note'] },
        ],
        { name: 'failing' },
      ),
    });
    const plan = new PlanPage(page);
    await plan.goto(planbox.origin, 'failing');
    const panel = page.getByTestId('planner-panel');
    await expect(panel.getByTestId('replan')).toBeVisible();
    await panel.getByTestId('replan').click();
    await expect(panel.getByTestId('planner-result')).toContainText('Version 2 written');
    await expect(plan.view).toContainText('Make the missing file');
    expect(JSON.stringify(fakeModel.requests[0]!.body.messages)).toContain('missing.txt exists');
  });
});

base.describe('without an LLM planner', () => {
  base.use({ planboxEnv: { PLANBOX_LLM_BASE_URL: '', PLANBOX_LLM_MODEL: '', PLANBOX_LLM_PROVIDER: '' } });

  base('the plan view says why it cannot refine, and Create from goal stays off', async ({ page, planbox }) => {
    await expect(new PlansPage(page).createFromGoal).toBeDisabled();
    planbox.cli(['plan', 'import', planbox.example('risky.yaml')]);
    const plan = new PlanPage(page);
    await plan.goto(planbox.origin, 'risky');
    const panel = page.getByTestId('planner-panel');
    await panel.locator('summary').click();
    await expect(panel.getByTestId('planner-unavailable')).toContainText('PLANBOX_LLM_BASE_URL');
    await expect(panel.getByTestId('refine-submit')).toHaveCount(0);
  });
});
