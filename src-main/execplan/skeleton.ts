import { REQUIRED_SECTIONS } from './sections';

export interface NewExecPlanInput {
  id: string;
  title: string;
  /** For the caller's file name (`<id>_<slug>.md`); the body does not repeat it. */
  slug: string;
  /** '@handle' or 'handle'. */
  owner: string;
  kind?: string;
  domain?: string;
  /** YYYY-MM-DD: created and updated. */
  date: string;
}

/**
 * A new plan: valid front matter and every required section, each holding a `<…>` placeholder
 * that says what belongs there. The validator reports each placeholder until it is replaced, and
 * nothing else, so a fresh skeleton is never mistaken for a finished plan.
 */
export function renderSkeleton(input: NewExecPlanInput): string {
  const title = input.title.replace(/\s+/g, ' ').trim() || 'Untitled plan';
  const owner = input.owner.trim().startsWith('@') ? input.owner.trim() : `@${input.owner.trim()}`;
  const frontMatter = [
    '---',
    `id: ${input.id}`,
    // JSON strings are valid YAML double-quoted scalars, so any title survives.
    `title: ${JSON.stringify(title)}`,
    'status: planned',
    `kind: ${input.kind ?? 'feature'}`,
    `domain: ${input.domain ?? 'backend'}`,
    `owner: ${JSON.stringify(owner)}`,
    `created: ${input.date}`,
    `updated: ${input.date}`,
    'tags: []',
    'touches: []',
    'risk: low',
    'breaking: false',
    'migration: false',
    'links:',
    '  issue: ""',
    '  pr: ""',
    '  docs: ""',
    'depends_on: []',
    'supersedes: []',
    '---',
  ];
  const body = [
    `# ${title}`,
    'Keep this plan current while the work runs: Progress, Surprises & Discoveries, Decision Log and Outcomes & Retrospective change as you go, and a reader with only this file must be able to finish the work.',
    ...REQUIRED_SECTIONS.flatMap((heading) => [`## ${heading}`, (GUIDANCE[heading] ?? []).join('\n')]),
  ];
  return `${frontMatter.join('\n')}\n\n${body.join('\n\n')}\n`;
}

/** What each section's placeholder asks for; keyed by REQUIRED_SECTIONS names, in the same order. */
const GUIDANCE: Record<string, string[]> = {
  'Purpose / Big Picture': [
    '<What a user can do once this lands that they cannot do today, and how they can watch it work.>',
  ],
  Progress: [
    '- [ ] <First concrete step. When it is done, tick it and write the UTC time after the box as (YYYY-MM-DD HH:MMZ).>',
    '- [ ] <Next step. A step left half done is split into what is completed and what remains.>',
  ],
  'Surprises & Discoveries': [
    '- Observation: <something that behaved differently than expected>',
    '  Evidence: <a short test output or log line that shows it>',
  ],
  'Decision Log': [
    '- Decision: <what was decided>',
    '  Rationale: <why, and which alternative lost>',
    '  Date/Author: <YYYY-MM-DD, @handle>',
  ],
  'Outcomes & Retrospective': [
    '<At each milestone and at the end: what works now, what is left, and what you would do differently.>',
  ],
  'Context and Orientation': [
    '<The current state for someone new to the repository: the files involved by full path, and every term that is not plain English.>',
  ],
  'Plan of Work': ['<In prose, the edits in order: for each, the file, the function or module, and what changes.>'],
  'Concrete Steps': [
    '<The exact commands, the directory to run each in, and a short expected transcript indented by four spaces.>',
  ],
  'Validation and Acceptance': [
    '<How to exercise the change and what to observe; the test command and how many tests it reports.>',
  ],
  'Idempotence and Recovery': [
    '<Which steps are safe to repeat, and how to retry or roll back the ones that are not.>',
  ],
  'Artifacts and Notes': ['<Transcripts, short diffs or snippets that prove the work, indented by four spaces.>'],
  'Interfaces and Dependencies': [
    '<The libraries, modules, types and function signatures that must exist at the end, named by full path.>',
  ],
};
