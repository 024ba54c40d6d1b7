/** One problem validation found, tied to the place in the plan document it concerns. */
export interface Finding {
  /** Errors block approval; warnings are shown to the reviewer and do not. */
  severity: 'error' | 'warning';
  /** Stable, dotted code ('path.parent-segment', 'syntax.json', 'danger.command.pipe-to-shell'). */
  code: string;
  stepId?: string;
  /** Path in the plan document: 'steps[2].content', 'steps[0].dependsOn', 'sandbox.image' (0-based indexes). */
  field: string;
  /** One line: what is wrong, where (it starts with the field path), and what to do. */
  message: string;
  /** For syntax findings: 1-based position inside the field's text. */
  line?: number;
  column?: number;
}

export interface ValidationReport {
  /** True when there are no errors. */
  valid: boolean;
  errors: Finding[];
  warnings: Finding[];
}

/** Field path of a step's property: stepField(2, 'effects.create[0]') → 'steps[2].effects.create[0]'. */
export function stepField(index: number, property: string): string {
  return `steps[${index}].${property}`;
}

const STEP_FIELD = /^steps\[(\d+)\]/;

/** Index of the step a field belongs to; plan-level fields (name, policy, milestones) sort before every step. */
function stepIndexOf(field: string): number {
  const match = STEP_FIELD.exec(field);
  return match ? Number(match[1]) : -1;
}

/** Compares field paths so that `acceptance[2]` comes before `acceptance[10]`. */
export function compareFieldPaths(a: string, b: string): number {
  const partsA = a.split(/(\d+)/);
  const partsB = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    const x = partsA[i]!;
    const y = partsB[i]!;
    if (x === y) continue;
    // split() with a capture group puts the digit runs at odd positions.
    if (i % 2 === 1) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return partsA.length - partsB.length;
}

/** Plan-level findings first, then by step order, then by field; equal fields keep the order they were found in. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding) => ({ finding, step: stepIndexOf(finding.field) }))
    .sort((a, b) => a.step - b.step || compareFieldPaths(a.finding.field, b.finding.field))
    .map(({ finding }) => finding);
}

export function reportOf(findings: readonly Finding[]): ValidationReport {
  const sorted = sortFindings(findings);
  const errors = sorted.filter((finding) => finding.severity === 'error');
  const warnings = sorted.filter((finding) => finding.severity === 'warning');
  return { valid: errors.length === 0, errors, warnings };
}
