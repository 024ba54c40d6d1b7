import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSchema, type PlanDefinition } from '../domain/plan-schema';
import { planToExecPlan, type ExportApproval, type ExportInput, type ExportVersion } from './export-plan';
import { execPlanToPlanInput } from './import-plan';
import { parseExecPlan, REQUIRED_SECTIONS, validateExecPlan } from './index';

const ORIGINAL = `---
id: EP-20260117-014
title: "Refactor auth refresh flow"
status: planned
kind: refactor
domain: backend
owner: "@trevor"
created: 2026-01-17
updated: 2026-01-17 # bumped on every material revision
tags: [auth]
---

# Refactor auth refresh flow

This plan is kept up to date while the work runs.

## Purpose / Big Picture

A signed-in user stays signed in: the web client renews its token in the background.

## Progress

Tick items as they are done.

- [x] (2026-01-17 13:00Z) Add the refresh endpoint.
- [ ] Run the auth tests.
- [ ] Rotate refresh tokens
  so that a stolen token works once at most.
- [ ] Write the migration.

## Surprises & Discoveries

- Observation: the old client retries on 401.
  Evidence: a log line.

## Decision Log

- Decision: Keep HS256.
  Rationale: One server.
  Date/Author: 2026-01-17, @trevor

## Outcomes & Retrospective

Nothing yet.

## Context and Orientation

The server lives in \`server/\`.

## Plan of Work

Add the endpoint, then test it.

## Concrete Steps

### Run the auth tests

    npm test -- auth

### Write the migration

    node scripts/new-migration.mjs refresh-tokens

## Validation and Acceptance

Run npm test and expect 12 passed.

## Idempotence and Recovery

Safe to repeat.

## Artifacts and Notes

None.

## Interfaces and Dependencies

None.
`;

const LIVING = new Set(['Progress', 'Decision Log', 'Outcomes & Retrospective']);
const NOW = '2026-02-03T10:00:00.000Z';

function imported(text: string, fileName = 'EP-20260117-014_auth-refresh.md'): PlanDefinition {
  return planSchema.parse(execPlanToPlanInput(parseExecPlan(text), fileName).input);
}

function exportInput(
  definition: PlanDefinition,
  states: Record<string, { status: string; finishedAt?: string; lastError?: string }> = {},
  extra: { approvals?: ExportApproval[]; versions?: ExportVersion[] } = {},
): ExportInput {
  return {
    definition,
    steps: definition.steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: states[s.id]?.status ?? 'pending',
      finishedAt: states[s.id]?.finishedAt ?? null,
      lastError: states[s.id]?.lastError ?? null,
    })),
    approvals: extra.approvals ?? [],
    versions: extra.versions ?? [{ version: 1, reason: 'import', note: null, createdAt: '2026-02-01T08:00:00.000Z' }],
    now: NOW,
  };
}

function proseSections(text: string): Record<string, string> {
  const doc = parseExecPlan(text);
  return Object.fromEntries(doc.sections.filter((s) => !LIVING.has(s.heading)).map((s) => [s.heading, s.markdown]));
}

function stepShapes(definition: PlanDefinition) {
  return definition.steps.map((s) => ({ id: s.id, kind: s.kind, command: s.kind === 'command' ? s.command : null }));
}

const RAN = {
  'add-the-refresh-endpoint': { status: 'completed', finishedAt: '2026-02-01T09:30:12.000Z' },
  'run-the-auth-tests': {
    status: 'failed',
    finishedAt: '2026-02-01T09:31:00.000Z',
    lastError: 'exit code 1\n3 failed',
  },
  'rotate-refresh-tokens-so-that-a-stolen-token': { status: 'rolled_back', finishedAt: '2026-02-01T09:20:00.000Z' },
};

const APPROVED: ExportApproval = {
  status: 'approved',
  comment: 'Looks right; go ahead.',
  respondedBy: 'alice',
  respondedAt: '2026-02-01T09:00:00.000Z',
  scope: 'plan',
  stepIds: [],
};

describe('planToExecPlan on a plan imported from an ExecPlan', () => {
  it('gives the original bytes back when nothing has run', () => {
    expect(planToExecPlan(exportInput(imported(ORIGINAL)))).toBe(ORIGINAL);
  });

  it("rewrites Progress from the run in the author's wording, keeping the lines of steps that did not run", () => {
    const out = planToExecPlan(exportInput(imported(ORIGINAL), RAN));
    const progress = parseExecPlan(out).sections.find((s) => s.heading === 'Progress')!.markdown;
    expect(progress).toBe(
      [
        '## Progress',
        '',
        'Tick items as they are done.',
        '',
        '- [x] (2026-02-01 09:30Z) Add the refresh endpoint.',
        '- [ ] Run the auth tests. (failed 2026-02-01 09:31Z: exit code 1 3 failed)',
        '- [ ] Rotate refresh tokens',
        '  so that a stolen token works once at most. (rolled back; it had completed 2026-02-01 09:20Z)',
        '- [ ] Write the migration.',
        '',
        '',
      ].join('\n'),
    );
  });

  it('appends approvals and new versions to the Decision Log in the entry style of the document', () => {
    const out = planToExecPlan(
      exportInput(imported(ORIGINAL), RAN, {
        approvals: [APPROVED],
        versions: [
          { version: 1, reason: 'import', note: null, createdAt: '2026-02-01T08:00:00.000Z' },
          { version: 2, reason: 'replan', note: 'split the migration', createdAt: '2026-02-01T09:10:00.000Z' },
        ],
      }),
    );
    const log = parseExecPlan(out).sections.find((s) => s.heading === 'Decision Log')!.markdown;
    expect(log).toBe(
      [
        '## Decision Log',
        '',
        '- Decision: Keep HS256.',
        '  Rationale: One server.',
        '  Date/Author: 2026-01-17, @trevor',
        '- Decision: Approved the plan in Planbox.',
        '  Rationale: Looks right; go ahead.',
        '  Date/Author: 2026-02-01 09:00Z, alice',
        '- Decision: Revised the plan in Planbox as version 2 (replan).',
        '  Rationale: split the migration',
        '  Date/Author: 2026-02-01 09:10Z, Planbox',
        '',
        '',
      ].join('\n'),
    );
    expect(parseExecPlan(out).decisions.map((d) => d.decision)).toHaveLength(3);
  });

  it('writes bold-label and one-line entry styles the way the document does', () => {
    const bold = ORIGINAL.replace(
      '- Decision: Keep HS256.\n  Rationale: One server.\n  Date/Author: 2026-01-17, @trevor',
      '- **Decision:** Keep HS256.\n  **Rationale:** One server.\n  **Date/Author:** 2026-01-17, @trevor',
    );
    const boldOut = planToExecPlan(exportInput(imported(bold), {}, { approvals: [APPROVED] }));
    expect(boldOut).toContain(
      '- **Decision:** Approved the plan in Planbox.\n  **Rationale:** Looks right; go ahead.\n  **Date/Author:** 2026-02-01 09:00Z, alice\n',
    );

    const oneLine = ORIGINAL.replace(
      '- Decision: Keep HS256.\n  Rationale: One server.\n  Date/Author: 2026-01-17, @trevor',
      '- Decision: Keep HS256. Rationale: One server. Date/Author: 2026-01-17',
    );
    const oneLineOut = planToExecPlan(exportInput(imported(oneLine), {}, { approvals: [APPROVED] }));
    expect(oneLineOut).toContain(
      '- Decision: Approved the plan in Planbox. Rationale: Looks right; go ahead. Date/Author: 2026-02-01 09:00Z, alice\n',
    );
  });

  it('appends a run summary to Outcomes & Retrospective and sets updated and status in the front matter', () => {
    const out = planToExecPlan(exportInput(imported(ORIGINAL), RAN));
    const outcomes = parseExecPlan(out).sections.find((s) => s.heading === 'Outcomes & Retrospective')!.markdown;
    expect(outcomes).toBe(
      '## Outcomes & Retrospective\n\nNothing yet.\n\nPlanbox run (2026-02-01 09:31Z): 1 of 4 steps completed, 1 failed (run-the-auth-tests), 1 rolled back (rotate-refresh-tokens-so-that-a-stolen-token). 1 not run yet.\n\n',
    );
    const fm = parseExecPlan(out).frontMatter;
    expect(fm.data).toMatchObject({ updated: '2026-02-03', status: 'active' });
    // The comment after the date stays.
    expect(out).toContain('updated: 2026-02-03 # bumped on every material revision\n');
  });

  it('marks the plan done when every step completed', () => {
    const plan = imported(ORIGINAL);
    const all = Object.fromEntries(
      plan.steps.map((s, i) => [s.id, { status: 'completed', finishedAt: `2026-02-01T1${i}:00:00.000Z` }]),
    );
    const out = planToExecPlan(exportInput(plan, all));
    expect(parseExecPlan(out).frontMatter.data).toMatchObject({ status: 'done' });
    expect(out).toContain('4 of 4 steps completed. All steps are done.');
    expect(parseExecPlan(out).progress.every((i) => i.checked)).toBe(true);
  });

  it('follows a replan: renamed, added and removed steps', () => {
    const plan = imported(ORIGINAL);
    const [first, second, , fourth] = plan.steps;
    const replanned: PlanDefinition = {
      ...plan,
      steps: [
        { ...first!, title: 'Add the refresh endpoint with rate limits' },
        second!,
        {
          id: 'drop-old-tokens',
          kind: 'command',
          title: 'Drop old tokens',
          command: 'npm run prune',
          dependsOn: [],
          acceptance: [],
          checkpoint: false,
          effects: { create: [], modify: [], delete: [] },
        },
        fourth!,
      ],
    };
    const out = planToExecPlan(exportInput(replanned, { 'drop-old-tokens': { status: 'completed', finishedAt: NOW } }));
    expect(parseExecPlan(out).progress.map((i) => [i.checked, i.text])).toEqual([
      // Still checked as the document had it, under its new title.
      [true, 'Add the refresh endpoint with rate limits'],
      [false, 'Run the auth tests.'],
      [true, 'Drop old tokens'],
      [false, 'Write the migration.'],
    ]);
  });

  it('keeps nested items apart: each sub-item is its own step', () => {
    const nested = ORIGINAL.replace(
      '- [ ] Write the migration.\n',
      '- [ ] Write the migration.\n  - [ ] Write the down migration too.\n',
    );
    const plan = imported(nested);
    expect(plan.steps.map((s) => s.id).slice(-2)).toEqual(['write-the-migration', 'write-the-down-migration-too']);
    const out = planToExecPlan(
      exportInput(plan, {
        'write-the-migration': { status: 'completed', finishedAt: NOW },
        'write-the-down-migration-too': { status: 'failed', lastError: 'syntax error' },
      }),
    );
    expect(out).toContain(
      '- [x] (2026-02-03 10:00Z) Write the migration.\n  - [ ] Write the down migration too. (failed: syntax error)\n',
    );
  });

  it('keeps every prose section byte-identical', () => {
    const out = planToExecPlan(exportInput(imported(ORIGINAL), RAN, { approvals: [APPROVED] }));
    expect(proseSections(out)).toEqual(proseSections(ORIGINAL));
    expect(out).not.toBe(ORIGINAL);
  });

  it('keeps CRLF line ends and the byte order mark', () => {
    const windows = `\uFEFF${ORIGINAL.replace(/\n/g, '\r\n')}`;
    const out = planToExecPlan(exportInput(imported(windows), RAN, { approvals: [APPROVED] }));
    expect(out.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(proseSections(out)).toEqual(proseSections(windows));
    expect(planToExecPlan(exportInput(imported(windows)))).toBe(windows);
  });

  it('reads back as the same steps, and exporting the export again adds nothing twice', () => {
    const plan = imported(ORIGINAL);
    const out = planToExecPlan(exportInput(plan, RAN, { approvals: [APPROVED] }));
    const again = imported(out);
    expect(stepShapes(again)).toEqual(stepShapes(plan));
    const twice = planToExecPlan(exportInput(again, RAN, { approvals: [APPROVED] }));
    expect(twice).toBe(out);
  });
});

const TESTDATA = join(import.meta.dirname, 'testdata', 'plans');
const testdataPlans = readdirSync(TESTDATA).filter((name) => name.endsWith('.md'));

describe.each(testdataPlans)('round trip of testdata/plans/%s', (name) => {
  const original = readFileSync(join(TESTDATA, name), 'utf8');
  const plan = imported(original, name);

  it('imports as steps and exports unchanged when nothing ran', () => {
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(planToExecPlan(exportInput(plan))).toBe(original);
  });

  it('keeps every prose section byte-identical after a run, and reads back as the same steps', () => {
    const states = Object.fromEntries(
      plan.steps.map((s, i) => [
        s.id,
        i === plan.steps.length - 1
          ? { status: 'failed', finishedAt: '2026-03-01T12:00:00.000Z', lastError: 'exit code 1' }
          : { status: 'completed', finishedAt: `2026-03-01T1${i % 10}:00:00.000Z` },
      ]),
    );
    const out = planToExecPlan(exportInput(plan, states, { approvals: [APPROVED] }));
    expect(proseSections(out)).toEqual(proseSections(original));
    expect(parseExecPlan(out).progress).toHaveLength(plan.steps.length);
    expect(stepShapes(imported(out, name))).toEqual(stepShapes(plan));
    expect(validateExecPlan(parseExecPlan(out), { fileName: name }).filter((f) => f.severity === 'error')).toEqual(
      validateExecPlan(parseExecPlan(original), { fileName: name }).filter((f) => f.severity === 'error'),
    );
  });
});

describe('planToExecPlan on any other plan', () => {
  const plan = planSchema.parse({
    name: 'add-greeting',
    goal: 'Print a greeting from a script.',
    tags: ['demo'],
    steps: [
      {
        id: 'write-script',
        kind: 'write_file',
        title: 'Write the greeting script',
        path: 'hello.sh',
        content: 'echo hi\n',
      },
      {
        id: 'run-script',
        kind: 'command',
        title: 'Run the greeting script',
        command: 'sh hello.sh',
        dependsOn: ['write-script'],
        acceptance: [{ description: 'it prints hi', command: 'sh hello.sh | grep hi' }],
      },
      { id: 'review', kind: 'agent', title: 'Review the output', prompt: 'Read the output.\nSay if it is right.' },
    ],
  });

  it('writes a complete new ExecPlan that the validator accepts without errors', () => {
    const out = planToExecPlan(exportInput(plan, { 'write-script': { status: 'completed', finishedAt: NOW } }));
    const doc = parseExecPlan(out);
    expect(doc.frontMatter.data).toMatchObject({
      id: 'EP-20260203-001',
      title: 'add-greeting',
      status: 'active',
      created: '2026-02-03',
      tags: ['demo'],
    });
    for (const name of REQUIRED_SECTIONS) expect(doc.sections.map((s) => s.heading)).toContain(name);
    expect(
      validateExecPlan(doc, { fileName: 'EP-20260203-001_add-greeting.md' }).filter((f) => f.severity === 'error'),
    ).toEqual([]);
    expect(doc.progress.map((i) => [i.checked, i.text])).toEqual([
      [true, 'Write the greeting script'],
      [false, 'Run the greeting script'],
      [false, 'Review the output'],
    ]);
  });

  it('reads back with the same step kinds for commands and manual steps for the rest', () => {
    const out = planToExecPlan(exportInput(plan));
    const back = imported(out, 'EP-20260203-001_add-greeting.md');
    expect(back.steps.map((s) => [s.title, s.kind, s.kind === 'command' ? s.command : null])).toEqual([
      ['Write the greeting script', 'manual', null],
      ['Run the greeting script', 'command', 'sh hello.sh'],
      ['Review the output', 'manual', null],
    ]);
  });
});
