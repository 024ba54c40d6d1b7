import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors';
import {
  blockedSteps,
  checkGraph,
  criticalPath,
  dependentsOf,
  findCycle,
  parallelGroups,
  parseEffortHours,
  readySteps,
  topologicalOrder,
  type GraphStep,
} from './graph';
import type { StepStatus } from './step-status';

/** Steps from a compact spec: 'b<a,c' is step b depending on a and c. */
function plan(...specs: string[]): GraphStep[] {
  return specs.map((spec) => {
    const [id, deps] = spec.split('<');
    return { id: id!, dependsOn: deps ? deps.split(',') : [] };
  });
}

const statuses =
  (map: Record<string, StepStatus>, fallback: StepStatus = 'pending') =>
  (id: string): StepStatus =>
    map[id] ?? fallback;

const chain = (n: number): GraphStep[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, dependsOn: i === 0 ? [] : [`s${i - 1}`] }));

const fan = (n: number): GraphStep[] => [
  { id: 'root', dependsOn: [] },
  ...Array.from({ length: n }, (_, i) => ({ id: `leaf${i}`, dependsOn: ['root'] })),
  { id: 'join', dependsOn: Array.from({ length: n }, (_, i) => `leaf${i}`) },
];

const diamond = plan('a', 'b<a', 'c<a', 'd<b,c');

describe('checkGraph', () => {
  it('finds nothing wrong in a valid diamond', () => {
    expect(checkGraph(diamond)).toEqual([]);
  });

  it('reports a duplicate id naming both step numbers', () => {
    const issues = checkGraph(plan('a', 'b<a', 'a'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate_id', stepId: 'a', field: 'id' });
    expect(issues[0]!.message).toContain('steps 1 and 3');
  });

  it('reports an unknown dependency and suggests the closest id', () => {
    const issues = checkGraph(plan('build', 'test<biuld'));
    expect(issues).toEqual([
      {
        code: 'unknown_dependency',
        stepId: 'test',
        field: 'dependsOn',
        message: expect.stringContaining("'biuld'"),
      },
    ]);
    expect(issues[0]!.message).toContain("did you mean 'build'?");
  });

  it('suggests nothing when no id is near', () => {
    const [issue] = checkGraph(plan('build', 'test<deploy-to-production'));
    expect(issue!.code).toBe('unknown_dependency');
    expect(issue!.message).not.toContain('did you mean');
  });

  it('reports a self dependency, not a cycle', () => {
    const issues = checkGraph(plan('a<a', 'b<a'));
    expect(issues.map((issue) => issue.code)).toEqual(['self_dependency']);
    expect(issues[0]).toMatchObject({ stepId: 'a', field: 'dependsOn' });
  });

  it('names a cycle in order, starting at its earliest step', () => {
    const issues = checkGraph(plan('build<package', 'test<build', 'package<test'));
    expect(issues).toEqual([
      {
        code: 'cycle',
        stepId: 'build',
        field: 'dependsOn',
        message: 'steps form a cycle: build → test → package → build; remove one of these dependencies',
      },
    ]);
  });

  it('reports each of several cycles exactly once', () => {
    // two disjoint cycles plus two that share step x
    const issues = checkGraph(plan('a<b', 'b<a', 'c<e', 'd<c', 'e<d', 'x<y,z', 'y<x', 'z<x'));
    const cycles = issues.filter((issue) => issue.code === 'cycle').map((issue) => issue.message);
    expect(cycles).toEqual([
      'steps form a cycle: a → b → a; remove one of these dependencies',
      'steps form a cycle: c → d → e → c; remove one of these dependencies',
      'steps form a cycle: x → y → x; remove one of these dependencies',
      'steps form a cycle: x → z → x; remove one of these dependencies',
    ]);
  });

  it('reports every kind of problem together, each message on one line', () => {
    const issues = checkGraph(plan('a<b', 'b<a', 'c<c', 'd<nope', 'a'));
    expect(issues.map((issue) => issue.code).sort()).toEqual([
      'cycle',
      'duplicate_id',
      'self_dependency',
      'unknown_dependency',
    ]);
    for (const issue of issues) expect(issue.message).not.toMatch(/\n/);
  });
});

describe('findCycle', () => {
  it('returns null for an acyclic plan', () => {
    expect(findCycle(diamond)).toBeNull();
  });

  it('returns the cycle in run order, closed', () => {
    expect(findCycle(plan('a<c', 'b<a', 'c<b'))).toEqual(['a', 'b', 'c', 'a']);
  });

  it('returns a self dependency as a cycle of one', () => {
    expect(findCycle(plan('a', 'b<b'))).toEqual(['b', 'b']);
  });

  it('finds a cycle at the end of a 5,000-step chain', () => {
    const steps = chain(5000);
    steps[0] = { id: 's0', dependsOn: ['s4999'] };
    const cycle = findCycle(steps)!;
    expect(cycle).toHaveLength(5001);
    expect(cycle[0]).toBe('s0');
    expect(cycle[4999]).toBe('s4999');
  });
});

describe('topologicalOrder', () => {
  it('puts dependencies first and keeps plan order among free steps', () => {
    expect(topologicalOrder(diamond)).toEqual(['a', 'b', 'c', 'd']);
    expect(topologicalOrder(plan('x<z', 'y', 'z'))).toEqual(['y', 'z', 'x']);
    expect(topologicalOrder(plan('late<early', 'free', 'early'))).toEqual(['free', 'early', 'late']);
  });

  it('throws InvalidInputError naming the cycle', () => {
    expect(() => topologicalOrder(plan('a', 'b<c', 'c<b'))).toThrow(InvalidInputError);
    expect(() => topologicalOrder(plan('a', 'b<c', 'c<b'))).toThrow('steps form a cycle: b → c → b');
  });

  it('orders a 5,000-step chain given backwards', () => {
    const steps = chain(5000).reverse();
    const order = topologicalOrder(steps);
    expect(order[0]).toBe('s0');
    expect(order[4999]).toBe('s4999');
  });

  it('ignores unknown dependencies and later duplicates', () => {
    expect(topologicalOrder(plan('a<ghost', 'b<a', 'a'))).toEqual(['a', 'b']);
  });
});

describe('readySteps and blockedSteps', () => {
  it('offers the roots of a fresh plan', () => {
    expect(readySteps(diamond, statuses({}))).toEqual(['a']);
    expect(blockedSteps(diamond, statuses({}))).toEqual([
      { id: 'b', waitingOn: ['a'] },
      { id: 'c', waitingOn: ['a'] },
      { id: 'd', waitingOn: ['b', 'c'] },
    ]);
  });

  it('counts skipped as satisfied and waits on the rest of a diamond', () => {
    const status = statuses({ a: 'completed', b: 'skipped', c: 'in_progress' });
    expect(readySteps(diamond, status)).toEqual([]);
    expect(blockedSteps(diamond, status)).toEqual([{ id: 'd', waitingOn: ['c'] }]);
    const later = statuses({ a: 'completed', b: 'skipped', c: 'completed' });
    expect(readySteps(diamond, later)).toEqual(['d']);
    expect(blockedSteps(diamond, later)).toEqual([]);
  });

  it('offers ready and rolled-back steps, never running, failed or blocked ones', () => {
    const steps = plan('a', 'b', 'c', 'd', 'e', 'f');
    const status = statuses({ b: 'ready', c: 'rolled_back', d: 'in_progress', e: 'failed', f: 'blocked' });
    expect(readySteps(steps, status)).toEqual(['a', 'b', 'c']);
  });

  it('lists ready steps in topological order', () => {
    expect(readySteps(plan('x<z', 'y', 'z'), statuses({ z: 'completed' }))).toEqual(['y', 'x']);
  });

  it('treats a blocked step as still waiting and an unknown dependency as never done', () => {
    const steps = plan('a', 'b<a', 'c<ghost');
    const status = statuses({ b: 'blocked' });
    expect(blockedSteps(steps, status)).toEqual([
      { id: 'b', waitingOn: ['a'] },
      { id: 'c', waitingOn: ['ghost'] },
    ]);
    expect(readySteps(steps, status)).toEqual(['a']);
  });

  it('does not throw on a cycle', () => {
    const steps = plan('a', 'b<c', 'c<b');
    expect(readySteps(steps, statuses({}))).toEqual(['a']);
    expect(blockedSteps(steps, statuses({})).map((entry) => entry.id)).toEqual(['b', 'c']);
  });
});

describe('dependentsOf', () => {
  it('returns all transitive dependents in order, not the step itself', () => {
    expect(dependentsOf(diamond, 'a')).toEqual(['b', 'c', 'd']);
    expect(dependentsOf(diamond, 'b')).toEqual(['d']);
    expect(dependentsOf(diamond, 'd')).toEqual([]);
    expect(dependentsOf(diamond, 'nope')).toEqual([]);
  });

  it('follows a cycle without looping', () => {
    expect(dependentsOf(plan('a<c', 'b<a', 'c<b', 'd<c'), 'a')).toEqual(['b', 'c', 'd']);
  });
});

describe('parseEffortHours', () => {
  it.each([
    ['2h', 2],
    ['30m', 0.5],
    ['1d', 8],
    ['2-3 hours', 3],
    ['1.5', 1.5],
    ['45 minutes', 0.75],
    ['2 days', 16],
    ['1w', 40],
    ['1 – 2 h', 2],
  ])('reads %s as %d hours', (effort, hours) => {
    expect(parseEffortHours(effort)).toBe(hours);
  });

  it.each([undefined, '', 'a while', '0h', '3 fortnights'])('does not parse %s', (effort) => {
    expect(parseEffortHours(effort)).toBeNull();
  });
});

describe('criticalPath', () => {
  it('follows the heaviest chain by effort', () => {
    const steps: GraphStep[] = [
      { id: 'a', dependsOn: [], effort: '1h' },
      { id: 'b', dependsOn: ['a'], effort: '30m' },
      { id: 'c', dependsOn: ['a'], effort: '1d' },
      { id: 'd', dependsOn: ['b', 'c'], effort: 'soon' },
    ];
    expect(criticalPath(steps)).toEqual(['a', 'c', 'd']);
  });

  it('breaks ties by plan order', () => {
    expect(criticalPath(diamond)).toEqual(['a', 'b', 'd']);
    expect(criticalPath(plan('x', 'y'))).toEqual(['x']);
  });

  it('prefers a longer chain of unweighted steps over a single one', () => {
    expect(criticalPath(plan('lone', 'a', 'b<a', 'c<b'))).toEqual(['a', 'b', 'c']);
  });

  it('is empty for an empty plan and leaves out steps caught in a cycle', () => {
    expect(criticalPath([])).toEqual([]);
    expect(criticalPath(plan('a', 'b<a', 'c<d', 'd<c'))).toEqual(['a', 'b']);
  });
});

describe('parallelGroups', () => {
  it('groups steps by depth in plan order', () => {
    expect(parallelGroups(diamond)).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(parallelGroups(plan('x<z', 'y', 'z', 'w<y,x'))).toEqual([['y', 'z'], ['x'], ['w']]);
  });

  it('places a step by its longest distance from a root', () => {
    expect(parallelGroups(plan('a', 'b<a', 'c<a,b'))).toEqual([['a'], ['b'], ['c']]);
  });

  it('leaves out steps caught in a cycle', () => {
    expect(parallelGroups(plan('a', 'b<c', 'c<b'))).toEqual([['a']]);
  });
});

describe('large plans', () => {
  const cases: [string, GraphStep[]][] = [
    ['a 5,000-step chain', chain(5000)],
    ['a 5,000-step fan', fan(5000)],
  ];
  it.each(cases)('handles %s without recursion', (_name, steps) => {
    expect(checkGraph(steps)).toEqual([]);
    expect(topologicalOrder(steps)).toHaveLength(steps.length);
    expect(dependentsOf(steps, steps[0]!.id)).toHaveLength(steps.length - 1);
    expect(readySteps(steps, statuses({}))).toEqual([steps[0]!.id]);
    expect(blockedSteps(steps, statuses({}))).toHaveLength(steps.length - 1);
    expect(criticalPath(steps).length).toBeGreaterThanOrEqual(3);
    expect(parallelGroups(steps).flat()).toHaveLength(steps.length);
  });

  it('runs every function on a 1,000-step plan', () => {
    // a layered plan: each step depends on up to three steps of the previous layer of 10
    const steps: GraphStep[] = Array.from({ length: 1000 }, (_, i) => ({
      id: `step-${i}`,
      dependsOn: i < 10 ? [] : [0, 3, 7].map((k) => `step-${(Math.floor(i / 10) - 1) * 10 + ((i + k) % 10)}`),
      effort: `${(i % 5) + 1}h`,
    }));
    const status = statuses({}, 'pending');
    const runs: [string, () => unknown][] = [
      ['checkGraph', () => checkGraph(steps)],
      ['findCycle', () => findCycle(steps)],
      ['topologicalOrder', () => topologicalOrder(steps)],
      ['readySteps', () => readySteps(steps, status)],
      ['blockedSteps', () => blockedSteps(steps, status)],
      ['dependentsOf', () => dependentsOf(steps, 'step-0')],
      ['criticalPath', () => criticalPath(steps)],
      ['parallelGroups', () => parallelGroups(steps)],
    ];
    for (const [name, run] of runs) expect(run, name).not.toThrow();
    expect(criticalPath(steps)).toHaveLength(100);
    expect(parallelGroups(steps)).toHaveLength(100);
  });
});
