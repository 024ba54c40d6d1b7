import { describe, expect, it } from 'vitest';
import { toMermaid, toMermaidGantt, type MermaidStep } from './mermaid';
import type { StepStatus } from './step-status';

const steps: MermaidStep[] = [
  { id: 'setup', title: 'Install dependencies', dependsOn: [], effort: '30m' },
  { id: 'lint', title: 'Lint', dependsOn: ['setup'] },
  { id: 'test', title: 'Run tests', dependsOn: ['setup'], effort: '2h' },
  { id: 'release', title: 'Release', dependsOn: ['lint', 'test'], effort: '1d' },
];

const lines = (text: string) => text.trimEnd().split('\n');

describe('toMermaid', () => {
  it('draws one node per step and an edge from each dependency to its dependent', () => {
    expect(toMermaid(steps)).toBe(
      [
        'flowchart TD',
        '  s1_setup["1#46; Install dependencies"]',
        '  s2_lint["2#46; Lint"]',
        '  s3_test["3#46; Run tests"]',
        '  s4_release["4#46; Release"]',
        '  s1_setup --> s2_lint',
        '  s1_setup --> s3_test',
        '  s2_lint --> s4_release',
        '  s3_test --> s4_release',
        '',
      ].join('\n'),
    );
  });

  it('honours the direction', () => {
    expect(lines(toMermaid(steps, { direction: 'LR' }))[0]).toBe('flowchart LR');
  });

  it('maps any step id to a valid, unique, stable node id', () => {
    const odd: MermaidStep[] = [
      { id: 'a.b-c', title: 'dots', dependsOn: [] },
      { id: 'a_b_c', title: 'underscores', dependsOn: ['a.b-c'] },
      { id: 'end', title: 'a reserved word', dependsOn: ['a_b_c'] },
    ];
    const text = toMermaid(odd);
    expect(text).toContain('  s1_a_b_c["1#46; dots"]');
    expect(text).toContain('  s2_a_b_c["2#46; underscores"]');
    expect(text).toContain('  s3_end["3#46; a reserved word"]');
    expect(text).toContain('  s1_a_b_c --> s2_a_b_c');
    expect(text).toContain('  s2_a_b_c --> s3_end');
    expect(toMermaid(odd)).toBe(text);
  });

  it('escapes quotes, brackets, pipes, angle brackets, entities and line breaks in titles', () => {
    const nasty: MermaidStep[] = [
      { id: 'x', title: 'say "hi" [now] | {x} <b>bold</b> & #35; a:b;c `code`\nsecond line\r\nthird', dependsOn: [] },
    ];
    const node = lines(toMermaid(nasty))[1]!;
    expect(node).toBe(
      '  s1_x["1#46; say #quot;hi#quot; #91;now#93; #124; #123;x#125; #60;b#62;bold#60;/b#62; #38; #35;35#59; a#58;b#59;c #96;code#96; second line third"]',
    );
    // nothing inside the label can close it or start a new statement
    const label = node.slice(node.indexOf('["') + 2, -2);
    expect(label).not.toMatch(/["[\]|<>\n`]/);
  });

  it('keeps letters of any script and removes control characters', () => {
    const node = lines(toMermaid([{ id: 'u', title: 'Überprüfen 日本 \u0007ok', dependsOn: [] }]))[1];
    expect(node).toBe('  s1_u["1#46; Überprüfen 日本 ok"]');
  });

  it('leaves out edges to unknown steps', () => {
    const text = toMermaid([{ id: 'a', title: 'A', dependsOn: ['ghost'] }]);
    expect(text).not.toContain('-->');
  });

  it('colours nodes by status with a classDef per status and class lines', () => {
    const status: Record<string, StepStatus> = { setup: 'completed', lint: 'completed', test: 'failed' };
    const text = toMermaid(steps, { status: (id) => status[id] ?? 'pending' });
    for (const name of [
      'pending',
      'ready',
      'in_progress',
      'completed',
      'failed',
      'skipped',
      'blocked',
      'rolled_back',
    ]) {
      expect(text).toMatch(new RegExp(`^  classDef ${name} fill:#[0-9a-f]{6},stroke:`, 'm'));
    }
    expect(text).toContain('  class s1_setup,s2_lint completed\n');
    expect(text).toContain('  class s3_test failed\n');
    expect(text).toContain('  class s4_release pending\n');
    expect(text).not.toContain('class  ');
    expect(toMermaid(steps)).not.toContain('classDef');
  });

  it('draws the critical path thicker when asked', () => {
    // edges are numbered 0..3 in the order written; the path is setup → test → release
    const text = toMermaid(steps, { highlightCriticalPath: true });
    expect(lines(text).at(-1)).toBe('  linkStyle 1,3 stroke:#e8590c,stroke-width:4px');
    expect(toMermaid(steps)).not.toContain('linkStyle');
  });

  it('skips the highlight for a single-step path or a plan with a cycle', () => {
    expect(toMermaid([{ id: 'a', title: 'A', dependsOn: [] }], { highlightCriticalPath: true })).not.toContain(
      'linkStyle',
    );
    const cyclic: MermaidStep[] = [
      { id: 'a', title: 'A', dependsOn: ['b'] },
      { id: 'b', title: 'B', dependsOn: ['a'] },
    ];
    const text = toMermaid(cyclic, { highlightCriticalPath: true });
    expect(text).not.toContain('linkStyle');
    expect(text).toContain('  s1_a --> s2_b');
    expect(text).toContain('  s2_b --> s1_a');
  });

  it('renders a 1,000-step chain', () => {
    const chain: MermaidStep[] = Array.from({ length: 1000 }, (_, i) => ({
      id: `s${i}`,
      title: `Step ${i}`,
      dependsOn: i === 0 ? [] : [`s${i - 1}`],
    }));
    const text = toMermaid(chain, { highlightCriticalPath: true, status: () => 'pending' });
    expect(lines(text).filter((line) => line.includes('-->'))).toHaveLength(999);
  });
});

describe('toMermaidGantt', () => {
  const milestones = [
    { name: 'Prepare', steps: ['setup', 'lint'] },
    { name: 'Ship: v1; #1', steps: ['release', 'lint'] },
  ];

  it('draws a section per milestone, the rest under Other, chained by dependencies', () => {
    expect(toMermaidGantt(steps, milestones)).toBe(
      [
        'gantt',
        '  dateFormat YYYY-MM-DD',
        '  axisFormat %H:%M',
        '  todayMarker off',
        '  section Prepare',
        '    1. Install dependencies :s1, 2000-01-01, 30m',
        '    2. Lint :s2, after s1, 1h',
        '  section Ship#58; v1#59; #35;1',
        '    4. Release :s4, after s2 s3, 8h',
        '  section Other',
        '    3. Run tests :s3, after s1, 2h',
        '',
      ].join('\n'),
    );
  });

  it('puts every step under Other without milestones and skips empty sections', () => {
    const text = toMermaidGantt(steps, [{ name: 'Nothing', steps: ['ghost'] }]);
    expect(text).not.toContain('section Nothing');
    expect(lines(text).filter((line) => line.startsWith('  section'))).toEqual(['  section Other']);
    expect(lines(text).filter((line) => line.startsWith('    '))).toHaveLength(4);
  });

  it('lists tasks in dependency order so that every after names an earlier task', () => {
    const backwards: MermaidStep[] = [
      { id: 'b', title: 'B', dependsOn: ['a'] },
      { id: 'a', title: 'A', dependsOn: [] },
    ];
    expect(lines(toMermaidGantt(backwards, [])).slice(5)).toEqual([
      '    2. A :s2, 2000-01-01, 1h',
      '    1. B :s1, after s2, 1h',
    ]);
  });

  it('turns efforts into durations Mermaid reads', () => {
    const efforts: MermaidStep[] = ['90m', '2-3 hours', '1.25h', 'whenever'].map((effort, i) => ({
      id: `e${i}`,
      title: effort,
      dependsOn: [],
      effort,
    }));
    const durations = lines(toMermaidGantt(efforts, []))
      .slice(5)
      .map((line) => line.split(', ').at(-1));
    expect(durations).toEqual(['90m', '3h', '75m', '1h']);
  });

  it('escapes task names and drops after-links that would close a cycle', () => {
    const cyclic: MermaidStep[] = [
      { id: 'a', title: 'A: first; #1', dependsOn: ['b'] },
      { id: 'b', title: 'B', dependsOn: ['a'] },
    ];
    expect(lines(toMermaidGantt(cyclic, [])).slice(5)).toEqual([
      '    1. A#58; first#59; #35;1 :s1, 2000-01-01, 1h',
      '    2. B :s2, after s1, 1h',
    ]);
  });
});
