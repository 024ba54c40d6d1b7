import { InvalidInputError } from './errors';
import { SATISFIED_STEP_STATUSES, type StepStatus } from './step-status';
import { parseEffortHours } from './effort';
import { closestId } from './closest-id';
import { MinHeap } from './min-heap';

export { parseEffortHours } from './effort';

/**
 * The dependency graph over a plan's steps. Every function here walks the graph with explicit
 * stacks and queues, never recursion, so a 5,000-step chain cannot overflow the call stack.
 *
 * Steps come in plan order (step number = index + 1). A step whose id repeats an earlier one is
 * left out of the graph, and a dependency on an id that names no step adds no edge; checkGraph
 * reports both, so callers validate first and the other functions stay total.
 */
export type GraphStep = { id: string; dependsOn: readonly string[]; effort?: string };

export interface GraphIssue {
  code: 'duplicate_id' | 'unknown_dependency' | 'self_dependency' | 'cycle';
  stepId: string;
  field: 'id' | 'dependsOn';
  message: string;
}

interface Graph {
  /** Ids of the graph's nodes; node n is the n-th distinct id in plan order. */
  ids: string[];
  /** Step number (plan position + 1) of each node. */
  numbers: number[];
  nodeOf: Map<string, number>;
  /** Per node, the nodes it depends on (deduplicated, in dependsOn order). */
  deps: number[][];
  /** Per node, the nodes that depend on it (in plan order). */
  dependents: number[][];
}

function buildGraph(steps: readonly GraphStep[]): Graph {
  const nodeOf = new Map<string, number>();
  const numbers: number[] = [];
  steps.forEach((step, index) => {
    if (nodeOf.has(step.id)) return;
    nodeOf.set(step.id, numbers.length);
    numbers.push(index + 1);
  });
  const kept = numbers.map((number) => steps[number - 1]!);
  const dependents: number[][] = kept.map(() => []);
  const deps = kept.map((step, node) =>
    [...new Set(step.dependsOn)].flatMap((depId) => {
      const dep = nodeOf.get(depId);
      if (dep !== undefined) dependents[dep]!.push(node);
      return dep ?? [];
    }),
  );
  return { ids: kept.map((step) => step.id), numbers, nodeOf, deps, dependents };
}

/**
 * The cycle closed by each back edge of one depth-first walk (roots tried in plan order), in run
 * order (a dependency before the step that depends on it), starting at its earliest step. Each back
 * edge closes a different cycle, so none is named twice, and a graph without back edges has no
 * cycle, so none is missed. `firstOnly` stops at the first.
 */
function cyclesOf(graph: Graph, firstOnly: boolean): number[][] {
  const state = new Uint8Array(graph.ids.length); // 0 unseen, 1 on the current path, 2 finished
  const cycles: number[][] = [];
  for (let root = 0; root < graph.ids.length; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    const path = [root];
    const nextEdge = [0];
    while (path.length > 0) {
      const top = path.length - 1;
      const next = graph.dependents[path[top]!]![nextEdge[top]!++];
      if (next === undefined) {
        state[path.pop()!] = 2;
        nextEdge.pop();
      } else if (state[next] === 0) {
        state[next] = 1;
        path.push(next);
        nextEdge.push(0);
      } else if (state[next] === 1) {
        const cycle = path.slice(path.lastIndexOf(next));
        const start = cycle.indexOf(Math.min(...cycle));
        cycles.push([...cycle.slice(start), ...cycle.slice(0, start + 1)]);
        if (firstOnly) return cycles;
      }
    }
  }
  return cycles;
}

function cycleMessage(cycle: readonly string[]): string {
  return `steps form a cycle: ${cycle.join(' → ')}; remove one of these dependencies`;
}

/**
 * Nodes in dependency order; among nodes free at the same time the earliest in plan order goes
 * first. Nodes caught in a cycle never become free and are returned in `stuck`.
 */
function stableOrder(graph: Graph): { order: number[]; stuck: number[] } {
  const waiting = graph.deps.map((list) => list.length);
  const heap = new MinHeap();
  waiting.forEach((count, node) => count === 0 && heap.push(node));
  const order: number[] = [];
  for (let node = heap.pop(); node !== undefined; node = heap.pop()) {
    order.push(node);
    for (const dependent of graph.dependents[node]!) if (--waiting[dependent]! === 0) heap.push(dependent);
  }
  const stuck = waiting.flatMap((count, node) => (count > 0 ? [node] : []));
  return { order, stuck };
}

export function checkGraph(steps: readonly GraphStep[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const add = (code: GraphIssue['code'], stepId: string, message: string) =>
    issues.push({ code, stepId, field: code === 'duplicate_id' ? 'id' : 'dependsOn', message });
  const firstNumber = new Map<string, number>();
  steps.forEach((step, index) => {
    const earlier = firstNumber.get(step.id);
    const number = index + 1;
    if (earlier === undefined) firstNumber.set(step.id, number);
    else
      add(
        'duplicate_id',
        step.id,
        `steps ${earlier} and ${number} both use id '${step.id}'; give step ${number} a new id`,
      );
  });
  const knownIds = [...firstNumber.keys()];
  steps.forEach((step, index) => {
    const where = `step '${step.id}' (step ${index + 1})`;
    for (const depId of new Set(step.dependsOn)) {
      if (depId === step.id)
        add('self_dependency', step.id, `${where} depends on itself; remove '${depId}' from its dependsOn`);
      else if (!firstNumber.has(depId)) {
        const near = closestId(depId, knownIds);
        const hint = near ? `did you mean '${near}'?` : 'use the id of an existing step or remove it';
        add('unknown_dependency', step.id, `${where} depends on '${depId}', which is no step in this plan; ${hint}`);
      }
    }
  });
  const graph = buildGraph(steps);
  for (const cycle of cyclesOf(graph, false)) {
    if (cycle.length <= 2) continue; // a self dependency, reported above
    const names = cycle.map((node) => graph.ids[node]!);
    add('cycle', names[0]!, cycleMessage(names));
  }
  return issues;
}

/** One cycle in run order, starting and ending at its earliest step (e.g. ['a','b','c','a']), or null. */
export function findCycle(steps: readonly GraphStep[]): string[] | null {
  const graph = buildGraph(steps);
  const cycle = cyclesOf(graph, true)[0];
  return cycle ? cycle.map((node) => graph.ids[node]!) : null;
}

/** Throws InvalidInputError naming a cycle when there is one. */
export function topologicalOrder(steps: readonly GraphStep[]): string[] {
  const graph = buildGraph(steps);
  const { order, stuck } = stableOrder(graph);
  if (stuck.length > 0) {
    const cycle = cyclesOf(graph, true)[0] ?? stuck;
    throw new InvalidInputError(cycleMessage(cycle.map((node) => graph.ids[node]!)));
  }
  return order.map((node) => graph.ids[node]!);
}

const NOT_STARTED: readonly StepStatus[] = ['pending', 'ready', 'rolled_back'];
const NOT_DONE: readonly StepStatus[] = ['pending', 'ready', 'blocked', 'rolled_back'];

/** Dependencies of a step that are not yet completed or skipped; an unknown id never is. */
function unsatisfied(step: GraphStep, graph: Graph, status: (id: string) => StepStatus): string[] {
  const waitingOn: string[] = [];
  for (const depId of new Set(step.dependsOn)) {
    if (!graph.nodeOf.has(depId) || !SATISFIED_STEP_STATUSES.includes(status(depId))) waitingOn.push(depId);
  }
  return waitingOn;
}

/** Steps that may start now, in topological order (steps stuck in a cycle last, in plan order). */
export function readySteps(steps: readonly GraphStep[], status: (id: string) => StepStatus): string[] {
  const graph = buildGraph(steps);
  const { order, stuck } = stableOrder(graph);
  return [...order, ...stuck]
    .map((node) => steps[graph.numbers[node]! - 1]!)
    .filter((step) => NOT_STARTED.includes(status(step.id)) && unsatisfied(step, graph, status).length === 0)
    .map((step) => step.id);
}

/** Steps not yet done that wait on at least one dependency, in plan order, with what they wait on. */
export function blockedSteps(
  steps: readonly GraphStep[],
  status: (id: string) => StepStatus,
): { id: string; waitingOn: string[] }[] {
  const graph = buildGraph(steps);
  const blocked: { id: string; waitingOn: string[] }[] = [];
  graph.numbers.forEach((number) => {
    const step = steps[number - 1]!;
    if (!NOT_DONE.includes(status(step.id))) return;
    const waitingOn = unsatisfied(step, graph, status);
    if (waitingOn.length > 0) blocked.push({ id: step.id, waitingOn });
  });
  return blocked;
}

/** Every step that depends on `id` directly or through others, in topological order; [] for an unknown id. */
export function dependentsOf(steps: readonly GraphStep[], id: string): string[] {
  const graph = buildGraph(steps);
  const start = graph.nodeOf.get(id);
  if (start === undefined) return [];
  const reached = new Uint8Array(graph.ids.length);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const next of graph.dependents[queue[head]!]!) {
      if (reached[next]) continue;
      reached[next] = 1;
      queue.push(next);
    }
  }
  const { order, stuck } = stableOrder(graph);
  return [...order, ...stuck].filter((node) => reached[node] && node !== start).map((node) => graph.ids[node]!);
}

/*
 * criticalPath and parallelGroups feed plan views, which must render a draft plan that still has a
 * cycle; so instead of throwing they leave out the steps in or after a cycle (checkGraph names it).
 */

/** The chain of steps with the most effort (weight 1 where effort does not parse); ties go to plan order. */
export function criticalPath(steps: readonly GraphStep[]): string[] {
  const graph = buildGraph(steps);
  const { order } = stableOrder(graph);
  const total = new Float64Array(graph.ids.length);
  const previous = new Int32Array(graph.ids.length).fill(-1);
  let end = -1;
  for (const node of order) {
    let best = -1;
    for (const dep of graph.deps[node]!) {
      if (best < 0 || total[dep]! > total[best]! || (total[dep] === total[best] && dep < best)) best = dep;
    }
    const weight = parseEffortHours(steps[graph.numbers[node]! - 1]!.effort) ?? 1;
    total[node] = weight + (best >= 0 ? total[best]! : 0);
    previous[node] = best;
    if (end < 0 || total[node]! > total[end]! || (total[node] === total[end] && node < end)) end = node;
  }
  const path: string[] = [];
  for (let node = end; node >= 0; node = previous[node]!) path.push(graph.ids[node]!);
  return path.reverse();
}

/** Steps grouped by depth (longest distance from a step with no dependencies), each group in plan order. */
export function parallelGroups(steps: readonly GraphStep[]): string[][] {
  const graph = buildGraph(steps);
  const waiting = graph.deps.map((list) => list.length);
  const depth = new Int32Array(graph.ids.length);
  const queue: number[] = [];
  waiting.forEach((count, node) => count === 0 && queue.push(node));
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const dependent of graph.dependents[node]!) {
      depth[dependent] = Math.max(depth[dependent]!, depth[node]! + 1);
      if (--waiting[dependent]! === 0) queue.push(dependent);
    }
  }
  const groups: string[][] = [];
  for (let node = 0; node < graph.ids.length; node++) {
    if (waiting[node] === 0) (groups[depth[node]!] ??= []).push(graph.ids[node]!);
  }
  return groups;
}
