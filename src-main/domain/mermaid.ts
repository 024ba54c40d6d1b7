import { criticalPath, findCycle, parseEffortHours, topologicalOrder, type GraphStep } from './graph';
import { STEP_STATUSES, type StepStatus } from './step-status';

/**
 * Mermaid text for a plan: a flowchart of the dependency graph and a gantt chart by milestone.
 * Both are built from the steps alone, deterministically, so the same plan gives the same text.
 */
export type MermaidStep = GraphStep & { title: string };

export interface MermaidOptions {
  /** Colours each node by its step's status. */
  status?: (id: string) => StepStatus;
  /** Draws the edges of the critical path thicker. */
  highlightCriticalPath?: boolean;
  direction?: 'TD' | 'LR';
}

const STATUS_STYLES: Record<StepStatus, string> = {
  pending: 'fill:#f1f3f5,stroke:#868e96,color:#212529',
  ready: 'fill:#e7f5ff,stroke:#1c7ed6,color:#0b3d66',
  in_progress: 'fill:#fff3bf,stroke:#f08c00,color:#5c3c00',
  completed: 'fill:#d3f9d8,stroke:#2b8a3e,color:#0b3d1a',
  failed: 'fill:#ffe3e3,stroke:#c92a2a,color:#5c0f0f',
  skipped: 'fill:#f8f9fa,stroke:#adb5bd,color:#495057,stroke-dasharray:4 3',
  blocked: 'fill:#ffe8cc,stroke:#d9480f,color:#5c2203',
  rolled_back: 'fill:#f3d9fa,stroke:#9c36b5,color:#3d0f4a',
};
const CRITICAL_EDGE_STYLE = 'stroke:#e8590c,stroke-width:4px';

/**
 * Text made safe inside a quoted Mermaid label or gantt name. Mermaid decodes `#name;` and
 * `#code;` entity codes, so every character that could end the label, start markup or a comment is
 * written as one; line breaks become spaces because a statement must stay on one line.
 */
function escapeMermaidText(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(/[^\p{L}\p{N} .,_\-/'!?()+*=@$~]/gu, (char) => (char === '"' ? '#quot;' : `#${char.codePointAt(0)!};`));
}

/** A deterministic Mermaid identifier for a step: its number keeps it unique, its id keeps it readable. */
function nodeId(id: string, number: number): string {
  return `s${number}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** A `flowchart` with one node per step and an edge from each dependency to the step that needs it. */
export function toMermaid(steps: readonly MermaidStep[], options: MermaidOptions = {}): string {
  const lines = [`flowchart ${options.direction ?? 'TD'}`];
  // A repeated id (an invalid plan) resolves to its first step, as in the graph.
  const nodes = new Map<string, string>();
  steps.forEach((step, index) => nodes.has(step.id) || nodes.set(step.id, nodeId(step.id, index + 1)));
  // Labels read "N. title". The dot is an entity code because Mermaid renders label text as
  // markdown, where a leading "1. " is a list it cannot draw ("Unsupported markdown: list").
  steps.forEach((step, index) => {
    lines.push(`  ${nodeId(step.id, index + 1)}["${index + 1}#46; ${escapeMermaidText(step.title)}"]`);
  });

  // Edge numbers count from 0 in the order edges are written; linkStyle refers to them by number.
  const edgeNumber = new Map<string, number>();
  steps.forEach((step, index) => {
    const target = nodeId(step.id, index + 1);
    for (const depId of new Set(step.dependsOn)) {
      const source = nodes.get(depId);
      if (source === undefined) continue; // an unknown id; checkGraph reports it
      edgeNumber.set(`${depId}\n${step.id}`, edgeNumber.size);
      lines.push(`  ${source} --> ${target}`);
    }
  });

  if (options.status) {
    const members = new Map<StepStatus, string[]>(STEP_STATUSES.map((name) => [name, []]));
    steps.forEach((step, index) => members.get(options.status!(step.id))?.push(nodeId(step.id, index + 1)));
    for (const name of STEP_STATUSES) lines.push(`  classDef ${name} ${STATUS_STYLES[name]}`);
    for (const [name, ids] of members) if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${name}`);
  }

  // A plan with a cycle has no longest chain; it still renders, without the highlight.
  if (options.highlightCriticalPath && findCycle(steps) === null) {
    const path = criticalPath(steps);
    const critical = path.slice(1).flatMap((id, i) => edgeNumber.get(`${path[i]}\n${id}`) ?? []);
    if (critical.length > 0) lines.push(`  linkStyle ${critical.join(',')} ${CRITICAL_EDGE_STYLE}`);
  }
  return lines.join('\n') + '\n';
}

/** A gantt duration Mermaid accepts: whole hours, else whole minutes. */
function ganttDuration(effort: string | undefined): string {
  const minutes = Math.max(1, Math.round((parseEffortHours(effort) ?? 1) * 60));
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * A gantt chart: one section per milestone in the order given, then "Other" for steps in none; a
 * step in several milestones appears under the first. Tasks start after all their dependencies;
 * those without any start at a fixed origin, as a plan has durations but no calendar.
 */
export function toMermaidGantt(steps: readonly MermaidStep[], milestones: { name: string; steps: string[] }[]): string {
  const numberOf = new Map<string, number>();
  steps.forEach((step, index) => numberOf.has(step.id) || numberOf.set(step.id, index + 1));
  const firstSteps = steps.filter((step, index) => numberOf.get(step.id) === index + 1);
  // Mermaid cannot lay out a cycle of `after`s; while the plan has one, keep only backward edges.
  // Otherwise list tasks in dependency order: Mermaid resolves forward `after`s in a few passes only.
  const hasCycle = findCycle(steps) !== null;
  const position = new Map(
    (hasCycle ? firstSteps.map((step) => step.id) : topologicalOrder(steps)).map((id, i) => [id, i]),
  );
  const ordered = [...firstSteps].sort((a, b) => position.get(a.id)! - position.get(b.id)!);

  const lines = ['gantt', '  dateFormat YYYY-MM-DD', '  axisFormat %H:%M', '  todayMarker off'];
  const placed = new Set<string>();
  for (const milestone of [...milestones, { name: 'Other', steps: steps.map((step) => step.id) }]) {
    const wanted = new Set(milestone.steps);
    const members = ordered.filter((step) => wanted.has(step.id) && !placed.has(step.id));
    if (members.length === 0) continue;
    lines.push(`  section ${escapeMermaidText(milestone.name)}`);
    for (const step of members) {
      placed.add(step.id);
      const number = numberOf.get(step.id)!;
      const after = [...new Set(step.dependsOn)].flatMap((depId) => {
        const depNumber = numberOf.get(depId);
        const keep = depNumber !== undefined && depNumber !== number && (!hasCycle || depNumber < number);
        return keep ? [`s${depNumber}`] : [];
      });
      const start = after.length > 0 ? `after ${after.join(' ')}` : '2000-01-01';
      lines.push(
        `    ${escapeMermaidText(`${number}. ${step.title}`)} :s${number}, ${start}, ${ganttDuration(step.effort)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
