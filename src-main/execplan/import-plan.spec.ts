import { describe, expect, it } from 'vitest';
import { planSchema } from '../domain/plan-schema';
import { validatePlan } from '../domain/validation';
import { commandFrom, execPlanToPlanInput, itemTitle, loadExecPlanDocument, slug } from './import-plan';
import { parseExecPlan } from './index';

const PLAN = `---
id: EP-20260117-014
title: "Refactor auth refresh flow"
status: active
kind: refactor
domain: backend
owner: "@trevor"
created: 2026-01-17
updated: 2026-01-18
tags: [auth, sessions]
depends_on: []
supersedes: []
---

# Refactor auth refresh flow

This plan is kept up to date while the work runs.

## Purpose / Big Picture

After this change a signed-in user stays signed in: the **web client** renews its
access token in the background with \`POST /auth/refresh\`, see [the API](docs/api.md).

A second paragraph that is not part of the goal.

## Progress

- [x] (2026-01-17 13:00Z) Add the refresh endpoint.
- [ ] Run the auth tests.
- [ ] Rotate refresh tokens (completed: storage; remaining: expiry).
- [ ] Write the migration.
- [ ] Write the migration.

## Surprises & Discoveries

- Observation: none yet.
  Evidence: nothing.

## Decision Log

- Decision: Keep HS256.
  Rationale: One server.
  Date/Author: 2026-01-17, @trevor

## Outcomes & Retrospective

Nothing yet.

## Context and Orientation

The server lives in server/.

## Plan of Work

Add the endpoint, then test it.

## Concrete Steps

### Add the refresh endpoint

From the repository root:

    npm run generate -- auth-refresh

### Run the auth tests

\`\`\`sh
$ npm test -- auth
  12 passed
$ npm run lint
\`\`\`

1. Write the migration:

   \`\`\`bash
   # creates db/migrations/0042.sql
   node scripts/new-migration.mjs refresh-tokens
   \`\`\`

## Validation and Acceptance

Run npm test and expect 12 passed.

## Idempotence and Recovery

Safe to repeat.

## Artifacts and Notes

None.

## Interfaces and Dependencies

None.
`;

describe('execPlanToPlanInput', () => {
  const { input, notes } = execPlanToPlanInput(parseExecPlan(PLAN), 'EP-20260117-014_auth-refresh.md');
  const plan = planSchema.parse(input);

  it('names the plan by its id and takes the goal from the first paragraph of Purpose, as plain text', () => {
    expect(plan.name).toBe('EP-20260117-014');
    expect(plan.goal).toBe(
      'After this change a signed-in user stays signed in: the web client renews its access token in the background with POST /auth/refresh, see the API.',
    );
    expect(plan.tags).toEqual(['auth', 'sessions']);
  });

  it('makes one step per Progress item, in order, each depending on the one before, with stable unique ids', () => {
    expect(plan.steps.map((s) => [s.id, s.dependsOn])).toEqual([
      ['add-the-refresh-endpoint', []],
      ['run-the-auth-tests', ['add-the-refresh-endpoint']],
      ['rotate-refresh-tokens', ['run-the-auth-tests']],
      ['write-the-migration', ['rotate-refresh-tokens']],
      ['write-the-migration-2', ['write-the-migration']],
    ]);
    expect(plan.steps.map((s) => s.title)).toEqual([
      'Add the refresh endpoint.',
      'Run the auth tests.',
      'Rotate refresh tokens',
      'Write the migration.',
      'Write the migration.',
    ]);
  });

  it('takes commands from Concrete Steps: under a heading, a transcript of $ lines, under a list item', () => {
    const kinds = plan.steps.map((s) => [s.id, s.kind, s.kind === 'command' ? s.command : null]);
    expect(kinds).toEqual([
      ['add-the-refresh-endpoint', 'command', 'npm run generate -- auth-refresh'],
      ['run-the-auth-tests', 'command', 'npm test -- auth && npm run lint'],
      ['rotate-refresh-tokens', 'manual', null],
      ['write-the-migration', 'command', 'node scripts/new-migration.mjs refresh-tokens'],
      // One command block serves one item; the second item of the same name stays manual.
      ['write-the-migration-2', 'manual', null],
    ]);
  });

  it('notes checked and partly done items in the description', () => {
    expect(plan.steps[0]!.description).toMatch(/Checked in the ExecPlan's Progress \(done 2026-01-17 13:00Z\)/);
    expect(plan.steps[2]!.description).toMatch(/completed storage; remaining expiry/);
    expect(notes.join('\n')).toMatch(/5 Progress item\(s\) became steps: 3 command step\(s\)/);
    expect(notes.join('\n')).toMatch(/1 item\(s\) are checked/);
  });

  it('keeps the link to the document: format, file and the original text', () => {
    expect(plan.source).toEqual({ format: 'execplan', file: 'EP-20260117-014_auth-refresh.md', text: PLAN });
  });

  it('gives a plan that passes Planbox validation', () => {
    const report = validatePlan(plan);
    expect(report.errors).toEqual([]);
  });

  it('keeps a byte order mark in the source text', () => {
    const { input: withBom } = execPlanToPlanInput(parseExecPlan(`\uFEFF${PLAN}`), 'x.md');
    expect(planSchema.parse(withBom).source!.text).toBe(`\uFEFF${PLAN}`);
  });

  it('uses milestone headings as steps when Progress has no items', () => {
    const text = [
      '---',
      'title: "Milestones only"',
      '---',
      '',
      '# Milestones only',
      '',
      '## Progress',
      '',
      'Nothing started.',
      '',
      '## Plan of Work',
      '',
      '### Milestone 1: Parser',
      '',
      'Write it.',
      '',
      '### Milestone 2: Registry',
      '',
      'Write that.',
      '',
      '## Concrete Steps',
      '',
      '- Milestone 2: Registry',
      '',
      '      npm run registry',
      '',
    ].join('\n');
    const { input: converted } = execPlanToPlanInput(parseExecPlan(text), 'milestones.md');
    const parsed = planSchema.parse(converted);
    expect(parsed.name).toBe('Milestones only');
    expect(parsed.steps.map((s) => [s.id, s.kind, s.dependsOn])).toEqual([
      ['milestone-1-parser', 'manual', []],
      ['milestone-2-registry', 'command', ['milestone-1-parser']],
    ]);
  });

  it('groups Progress items under milestone headings that they name', () => {
    const text = [
      '# Grouped',
      '',
      '## Progress',
      '',
      '- [ ] Milestone 1: write the parser.',
      '- [ ] M2: write the registry.',
      '',
      '## Milestone 1: Parser',
      '',
      '## Milestone 2: Registry',
      '',
    ].join('\n');
    const parsed = planSchema.parse(execPlanToPlanInput(parseExecPlan(text), 'grouped.md').input);
    expect(parsed.milestones).toEqual([
      { name: 'Milestone 1: Parser', steps: ['milestone-1-write-the-parser'] },
      { name: 'Milestone 2: Registry', steps: ['m2-write-the-registry'] },
    ]);
  });

  it('falls back to the file name and reports a plan with nothing to do', () => {
    const { input: empty, notes: emptyNotes } = execPlanToPlanInput(parseExecPlan('just text\n'), 'dir/notes.md');
    expect(empty).toMatchObject({ name: 'notes', goal: '', steps: [] });
    expect(emptyNotes.join('\n')).toMatch(/no steps/);
  });
});

describe('pieces', () => {
  it('strips timestamps and the notes an export appends from item titles', () => {
    expect(itemTitle('Do it (failed 2026-01-17 13:05Z: exit code 2 (npm))')).toBe('Do it');
    expect(itemTitle('Do it (rolled back; it had completed 2026-01-17 13:05Z)')).toBe('Do it');
    expect(itemTitle('Do it (completed: a; remaining: b)')).toBe('Do it');
    expect(itemTitle('Do it (2026-01-17 13:05Z)')).toBe('Do it');
    expect(itemTitle('Use `zod` for **all** input')).toBe('Use zod for all input');
  });

  it('makes step ids that fit the plan schema', () => {
    expect(slug('Add the /auth/refresh endpoint!')).toBe('add-the-auth-refresh-endpoint');
    expect(slug('日本語')).toMatch(/^step-[0-9a-f]{8}$/);
    expect(slug('日本語')).toBe(slug('日本語'));
    expect(slug('日本語')).not.toBe(slug('中文'));
    expect(slug('a'.repeat(80))).toHaveLength(48);
  });

  it('reads commands from code blocks', () => {
    expect(commandFrom(['# comment', 'make', '', 'make test'])).toBe('make && make test');
    expect(commandFrom(['$ npm ci', 'added 3 packages', '$ npm test'])).toBe('npm ci && npm test');
    expect(commandFrom(['docker run \\', '  --rm alpine'])).toBe('docker run \\\n  --rm alpine');
    expect(commandFrom(['# only a comment'])).toBeNull();
  });
});

describe('loadExecPlanDocument', () => {
  it('returns a checked plan and notes ExecPlan findings', () => {
    const loaded = loadExecPlanDocument(PLAN, 'EP-20260117-014_auth-refresh.md');
    expect(loaded.format).toBe('execplan');
    expect(loaded.plan.steps).toHaveLength(5);
  });

  it('shortens a long title into a valid plan name', () => {
    const loaded = loadExecPlanDocument(`---\ntitle: "${'word '.repeat(60)}"\n---\n`, 'long.md');
    expect(loaded.plan.name.length).toBeLessThanOrEqual(200);
    expect(loaded.notes.join('\n')).toMatch(/no steps/);
  });
});
