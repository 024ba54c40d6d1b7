import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '../../testing/temp-dir';
import { REPO_ROOT, databaseFingerprint, runCli, runCliAsync } from '../../testing/cli-runner';

const examples = join(REPO_ROOT, 'resources', 'examples');
const greeting = join(examples, 'add-greeting.yaml');
const greetingWorkspace = join(examples, 'greeting-workspace');

describe('planbox CLI', () => {
  let home: ReturnType<typeof makeTempDir>;
  let work: ReturnType<typeof makeTempDir>;
  const cli = (...args: string[]) => runCli(home.path, args);
  const writePlan = (name: string, text: string) => {
    const file = join(work.path, name);
    writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    home = makeTempDir('planbox-home-');
    work = makeTempDir('planbox-work-');
  });
  afterEach(() => {
    home.cleanup();
    work.cleanup();
  });

  it('imports, shows, approves and verifies the greeting plan as the README says', () => {
    const imported = cli('plan', 'import', greeting, '--workspace', greetingWorkspace);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/add-greeting imported: 2 steps/);

    const shown = cli('plan', 'show', '--json');
    expect(shown.code).toBe(0);
    const plan = JSON.parse(shown.stdout);
    expect(plan).toMatchObject({
      name: 'add-greeting',
      status: 'ready',
      version: 1,
      risk: { level: expect.any(String) },
    });
    expect(plan.id).toMatch(/^pln_/);
    expect(plan.steps).toHaveLength(2);
    expect(plan.steps[0]).toMatchObject({
      id: 'write-script',
      number: 1,
      kind: 'write_file',
      status: 'pending',
      dependsOn: [],
      approval: 'auto',
    });
    expect(plan.steps[1]).toMatchObject({ id: 'run-script', number: 2, kind: 'command', dependsOn: ['write-script'] });
    expect(plan.steps[1].risk.reasons.length).toBeGreaterThan(0);
    expect(plan.progress).toMatchObject({ percentage: 0, ready: [{ id: 'write-script', number: 1 }] });

    const approved = cli('plan', 'approve', '--comment', 'looks right');
    expect(approved.code).toBe(0);
    expect(JSON.parse(cli('plan', 'show', '--json').stdout)).toMatchObject({
      status: 'approved',
      approval: { state: 'approved', comment: 'looks right' },
    });

    const verified = cli('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact: 2 events/);
    const events = JSON.parse(cli('audit', 'list', '--json').stdout);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['plan.approved', 'plan.created']);
    expect(events[0]).toMatchObject({ actor: 'user', surface: 'cli', payload: { comment: 'looks right' } });
  });

  it('prints the plan for people, with risk reasons under each step', () => {
    cli('plan', 'import', greeting);
    const shown = cli('plan', 'show', 'add-greeting');
    expect(shown.stdout).toMatch(/status:\s+ready/);
    expect(shown.stdout).toMatch(/write-script\s+write_file\s+pending\s+LOW/);
    expect(shown.stdout).toMatch(/^\s+- LOW: /m);
  });

  describe('bad input gets one clear line, exit 1, and changes nothing', () => {
    const cases: [string, string, string, RegExp][] = [
      ['malformed YAML', 'bad.yaml', 'name: x\nsteps:\n  - id: a\n   title: oops\n', /bad\.yaml:\d+:\d+/],
      ['malformed JSON', 'bad.json', '{"name": "x", "steps": [ }', /bad\.json:1:\d+/],
      [
        'a schema error',
        'schema.yaml',
        'name: x\nsteps:\n  - id: a\n    title: A\n    kind: shell\n',
        /steps\[0\]\.kind/,
      ],
      [
        'an unknown key',
        'key.yaml',
        'name: x\nsteps:\n  - id: a\n    title: A\n    kind: check\n    colour: red\n',
        /steps\[0\].*colour/,
      ],
      [
        'a cycle',
        'cycle.yaml',
        'name: x\nsteps:\n  - {id: a, title: A, kind: check, dependsOn: [c]}\n  - {id: b, title: B, kind: check, dependsOn: [a]}\n  - {id: c, title: C, kind: check, dependsOn: [b]}\n',
        /cycle.*a.*b.*c/,
      ],
      [
        'an unknown dependency',
        'dep.yaml',
        'name: x\nsteps:\n  - {id: a, title: A, kind: check, dependsOn: [nope]}\n',
        /nope/,
      ],
      [
        'a duplicate step id',
        'dup.yaml',
        'name: x\nsteps:\n  - {id: a, title: A, kind: check}\n  - {id: a, title: B, kind: check}\n',
        /both use id 'a'/,
      ],
      [
        'path traversal',
        'trav.yaml',
        'name: x\nsteps:\n  - {id: a, title: A, kind: write_file, path: ../x, content: hi}\n',
        /\.\.\/x/,
      ],
      [
        'an absolute path',
        'abs.yaml',
        'name: x\nsteps:\n  - {id: a, title: A, kind: write_file, path: /etc/passwd, content: hi}\n',
        /\/etc\/passwd/,
      ],
    ];
    for (const [what, file, text, message] of cases) {
      it(`refuses ${what}`, () => {
        cli('plan', 'import', greeting); // something in the database to compare against
        const before = databaseFingerprint(home.path);
        const result = cli('plan', 'import', writePlan(file, text));
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(message);
        expect(databaseFingerprint(home.path)).toEqual(before);
        expect(cli('audit', 'verify').code).toBe(0);
      });
    }

    it('refuses a 10 MB content field', () => {
      cli('plan', 'import', greeting);
      const before = databaseFingerprint(home.path);
      const big = 'x'.repeat(10 * 1024 * 1024);
      const result = cli(
        'plan',
        'import',
        writePlan(
          'big.json',
          JSON.stringify({
            name: 'big',
            steps: [{ id: 'a', title: 'A', kind: 'write_file', path: 'big.txt', content: big }],
          }),
        ),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/steps\[0\]\.content is 10.0 MiB; the limit is 1 MiB/);
      expect(databaseFingerprint(home.path)).toEqual(before);
    });

    it('refuses an unknown plan name', () => {
      cli('plan', 'import', greeting);
      const before = databaseFingerprint(home.path);
      const result = cli('plan', 'approve', 'no-such-plan');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/no plan named 'no-such-plan'/);
      expect(databaseFingerprint(home.path)).toEqual(before);
    });

    it('refuses to approve a plan with validation errors', () => {
      const draft = cli(
        'plan',
        'import',
        writePlan(
          'draft.yaml',
          'name: drafty\nsteps:\n  - {id: a, title: A, kind: write_file, path: ../escape, content: hi}\n',
        ),
        '--draft',
      );
      expect(draft.code).toBe(0);
      expect(JSON.parse(cli('plan', 'show', 'drafty', '--json').stdout).status).toBe('draft');
      const before = databaseFingerprint(home.path);
      const result = cli('plan', 'approve', 'drafty');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot be approved.*validation error/);
      expect(databaseFingerprint(home.path)).toEqual(before);
    });

    it('refuses an illegal transition', () => {
      cli('plan', 'import', greeting);
      const db = new Database(join(home.path, 'planbox.db'));
      db.prepare("UPDATE plans SET status = 'executing'").run();
      db.close();
      const before = databaseFingerprint(home.path);
      const changed = readFileSync(greeting, 'utf8').replace('prints hello', 'says hello');
      const result = cli('plan', 'import', writePlan('add-greeting.yaml', changed));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot move the plan from 'executing'/);
      expect(cli('plan', 'delete', 'add-greeting').code).toBe(1);
      expect(databaseFingerprint(home.path)).toEqual(before);
    });

    it('refuses a plan file that does not exist, and a workspace that does not exist', () => {
      expect(cli('plan', 'import', join(work.path, 'missing.yaml')).stderr).toMatch(/no such file/);
      const result = cli('plan', 'import', greeting, '--workspace', join(work.path, 'nope'));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/workspace .* does not exist/);
      expect(databaseFingerprint(home.path)).toMatchObject({ counts: { plans: 0, audit_events: 0 } });
    });

    it('refuses a step path that escapes the workspace through a symlink', () => {
      const ws = join(work.path, 'ws');
      mkdirSync(ws);
      symlinkSync('/etc', join(ws, 'etc-link'));
      const file = writePlan(
        'link.yaml',
        'name: linky\nsteps:\n  - {id: a, title: A, kind: write_file, path: etc-link/passwd, content: hi}\n',
      );
      const result = cli('plan', 'import', file, '--workspace', ws);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/symlink 'etc-link'/);
      const validated = cli('plan', 'validate', file, '--workspace', ws);
      expect(validated.code).toBe(1);
      expect(validated.stdout).toMatch(/symlink 'etc-link'/);
    });
  });

  it('exits 2 on usage errors, saying what was wrong', () => {
    expect(cli('plan', 'frobnicate').code).toBe(2);
    expect(cli('plan', 'import').code).toBe(2);
    const badVersion = cli('plan', 'compare', 'one', '2');
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toMatch(/'one' is not a version number/);
    const badStatus = cli('plan', 'list', '--status', 'sleeping');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/^planbox: status: /);
    expect(cli().code).toBe(2);
    expect(cli('--help').code).toBe(0);
  });

  it('takes the workspace from the plan file, relative to the file, and keeps it for later versions', () => {
    const ws = join(work.path, 'project');
    mkdirSync(ws);
    const file = writePlan(
      'with-ws.yaml',
      readFileSync(greeting, 'utf8').replace('tags: [demo]', 'tags: [demo]\nworkspace: { path: project }'),
    );
    expect(cli('plan', 'import', file).code).toBe(0);
    expect(JSON.parse(cli('plan', 'show', '--json').stdout).workspace).toBe(ws);
    const again = writePlan('again.yaml', readFileSync(greeting, 'utf8').replace('prints hello', 'says hello'));
    expect(cli('plan', 'import', again).stdout).toMatch(/updated to version 2/);
    expect(JSON.parse(cli('plan', 'show', '--json').stdout).workspace).toBe(ws);
    const missing = writePlan(
      'missing-ws.yaml',
      readFileSync(greeting, 'utf8')
        .replace('name: add-greeting', 'name: other')
        .replace('tags: [demo]', 'tags: [demo]\nworkspace: { path: nowhere }'),
    );
    expect(cli('plan', 'import', missing).stderr).toMatch(/workspace '.*nowhere' does not exist/);
  });

  it('keeps secrets out of approval comments', () => {
    cli('plan', 'import', greeting);
    cli('plan', 'approve', '--comment', 'used key sk-abcdefghijklmnopqrstuvwx to test');
    const plan = JSON.parse(cli('plan', 'show', '--json').stdout);
    expect(plan.approval.comment).toBe('used key [redacted] to test');
  });

  it('refuses to approve a plan that is not a draft, ready or approved', () => {
    cli('plan', 'import', greeting);
    const db = new Database(join(home.path, 'planbox.db'));
    db.prepare("UPDATE plans SET status = 'completed'").run();
    db.close();
    expect(cli('plan', 'approve').stderr).toMatch(/is completed; only a draft, ready or approved plan can be approved/);
  });

  it('validates a file without storing it', () => {
    const good = cli('plan', 'validate', greeting);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^valid/m);
    const bad = cli(
      'plan',
      'validate',
      writePlan('v.yaml', 'name: v\nsteps:\n  - {id: a, title: A, kind: write_file, path: x.json, content: "{oops"}\n'),
      '--json',
    );
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toMatchObject({ field: 'steps[0].content', stepId: 'a' });
    expect(databaseFingerprint(home.path)).toMatchObject({ counts: { plans: 0, audit_events: 0 } });
  });

  it('keeps versions: re-import, history, compare, restore, export', () => {
    cli('plan', 'import', greeting);
    cli('plan', 'approve');
    const v2text = readFileSync(greeting, 'utf8')
      .replace('echo hello', 'echo hello world')
      .replace('[demo]', '[demo, v2]');
    const second = cli('plan', 'import', writePlan('add-greeting.yaml', v2text));
    expect(second.stdout).toMatch(/updated to version 2/);
    const shown = JSON.parse(cli('plan', 'show', '--json').stdout);
    expect(shown).toMatchObject({ version: 2, status: 'ready', approval: { state: 'none' }, tags: ['demo', 'v2'] });

    expect(cli('plan', 'import', writePlan('add-greeting.yaml', v2text)).stdout).toMatch(
      /unchanged \(still version 2\)/,
    );

    const history = JSON.parse(cli('plan', 'history', '--json').stdout);
    expect(history.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const comparison = JSON.parse(cli('plan', 'compare', '1', '2', '--json').stdout);
    expect(comparison.stepsChanged).toEqual([expect.objectContaining({ id: 'write-script', fields: ['content'] })]);
    expect(comparison.scopeChanges.map((c: { field: string }) => c.field)).toEqual(['tags']);

    const restored = cli('plan', 'restore-version', '1');
    expect(restored.code).toBe(0);
    expect(JSON.parse(cli('plan', 'show', '--json').stdout)).toMatchObject({ version: 3, tags: ['demo'] });
    expect(cli('plan', 'restore-version', '9').stderr).toMatch(/has no version 9/);

    const exported = cli('plan', 'export', '--format', 'yaml');
    expect(exported.code).toBe(0);
    const again = cli('plan', 'import', writePlan('add-greeting.yaml', exported.stdout));
    expect(again.stdout).toMatch(/unchanged \(still version 3\)/);
    expect(cli('plan', 'export', '--format', 'mermaid').stdout).toMatch(/^flowchart/);
    expect(JSON.parse(cli('plan', 'export', '--format', 'json').stdout).name).toBe('add-greeting');
    expect(cli('audit', 'verify').code).toBe(0);
  });

  it('needs a separate approval for steps above the autoApprove level', () => {
    cli('plan', 'import', join(examples, 'risky.yaml'));
    const before = JSON.parse(cli('plan', 'show', '--json').stdout);
    expect(before.risk.level).toBe('CRITICAL');
    const needing = before.steps.filter((s: { approval: string }) => s.approval === 'required');
    expect(needing.length).toBeGreaterThan(0);
    const approved = cli('plan', 'approve');
    expect(approved.stdout).toMatch(/still needing their own approval/);
    const target = needing[0].id;
    expect(cli('plan', 'approve', '--steps', target, '--comment', 'checked').code).toBe(0);
    const after = JSON.parse(cli('plan', 'show', '--json').stdout);
    expect(after.steps.find((s: { id: string }) => s.id === target).approval).toBe('approved');
    expect(cli('plan', 'reject', '--steps', target).code).toBe(1); // needs a comment
    expect(cli('plan', 'reject', '--steps', target, '--comment', 'no').code).toBe(0);
    expect(
      JSON.parse(cli('plan', 'show', '--json').stdout).steps.find((s: { id: string }) => s.id === target).approval,
    ).toBe('rejected');
    expect(cli('plan', 'approve', '--steps', 'nope').stderr).toMatch(/has no step 'nope'/);
    const stepEvents = JSON.parse(cli('audit', 'list', '--step', target, '--json').stdout);
    expect(stepEvents.map((e: { type: string }) => e.type)).toEqual(['step.rejected', 'step.approved']);
  });

  it('imports the seed formats', () => {
    const ce = cli('plan', 'import', join(examples, 'context-engine-plan.json'), '--json');
    expect(ce.code).toBe(0);
    expect(JSON.parse(ce.stdout).format).toBe('context-engine');
    const tc = cli('plan', 'import', join(examples, 'tinycode-plan.json'), '--json');
    expect(tc.code).toBe(0);
    expect(JSON.parse(tc.stdout).format).toBe('tinycode');
    expect(JSON.parse(cli('plan', 'list', '--json').stdout)).toHaveLength(2);
  });

  it('lists, filters, switches, deletes and cleans plans', () => {
    cli('plan', 'import', greeting);
    cli('plan', 'import', join(examples, 'diamond.yaml'));
    const list = JSON.parse(cli('plan', 'list', '--json').stdout);
    expect(list).toHaveLength(2);
    expect(list.filter((p: { active: boolean }) => p.active)).toHaveLength(1);
    expect(
      JSON.parse(cli('plan', 'list', '--tag', 'graph', '--json').stdout).map((p: { name: string }) => p.name),
    ).toEqual(['diamond']);
    expect(JSON.parse(cli('plan', 'list', '--status', 'approved', '--json').stdout)).toEqual([]);
    expect(cli('plan', 'use', 'add-greeting').stdout).toMatch(/active plan: add-greeting/);
    expect(JSON.parse(cli('plan', 'show', '--json').stdout).name).toBe('add-greeting');
    expect(cli('plan', 'delete', 'add-greeting').code).toBe(0);
    expect(cli('plan', 'show').stderr).toMatch(/no active plan/);
    expect(cli('plan', 'clean').stdout).toMatch(/nothing to clean/);
    const deletedEvents = JSON.parse(cli('audit', 'list', '--type', 'plan.deleted', '--json').stdout);
    expect(deletedEvents).toHaveLength(1);
    const greetingId = list.find((p: { name: string }) => p.name === 'add-greeting').id;
    const history = JSON.parse(cli('audit', 'list', '--plan', greetingId, '--json').stdout);
    expect(history.map((e: { type: string }) => e.type)).toEqual(['plan.deleted', 'settings.changed', 'plan.created']);
    expect(cli('audit', 'verify').code).toBe(0);
  });

  it('exports the audit log as JSONL and notices tampering', () => {
    cli('plan', 'import', greeting);
    cli('plan', 'approve');
    const out = join(work.path, 'audit.jsonl');
    expect(cli('audit', 'export', '--format', 'jsonl', '--output', out).code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.seq)).toEqual([1, 2]);
    expect(cli('audit', 'export').stdout.trim().split('\n')).toHaveLength(2);

    const db = new Database(join(home.path, 'planbox.db'));
    db.prepare("UPDATE audit_events SET actor = 'agent' WHERE seq = 1").run();
    db.close();
    const verify = cli('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/BROKEN at event 1 \(plan.created\)/);
  });

  it('keeps the store and the audit chain whole when processes write at once', async () => {
    const files = Array.from({ length: 8 }, (_, i) =>
      writePlan(`p${i}.yaml`, readFileSync(greeting, 'utf8').replace('name: add-greeting', `name: parallel-${i}`)),
    );
    const results = await Promise.all(
      files.flatMap((file) => [
        runCliAsync(home.path, ['plan', 'import', file]),
        runCliAsync(home.path, ['audit', 'list', '--json']),
      ]),
    );
    for (const result of results) expect(result.stderr).toBe('');
    const approvals = await Promise.all(
      files.map((_, i) => runCliAsync(home.path, ['plan', 'approve', `parallel-${i}`])),
    );
    approvals.forEach((r) => expect(r.code).toBe(0));
    expect(JSON.parse(cli('plan', 'list', '--json').stdout)).toHaveLength(8);
    const verify = cli('audit', 'verify');
    expect(verify.stdout).toMatch(/intact: 16 events/);
  });
});
