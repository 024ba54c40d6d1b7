import type { MethodInput } from '../../../../src-preload/contract';

export type ExportFormat = MethodInput<'planExport'>['format'];

/** The export formats offered in the plan view, each with its file extension and media type. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string; extension: string; type: string }[] = [
  { format: 'execplan', label: 'ExecPlan (markdown)', extension: 'md', type: 'text/markdown' },
  { format: 'yaml', label: 'YAML', extension: 'yaml', type: 'text/yaml' },
  { format: 'json', label: 'JSON', extension: 'json', type: 'application/json' },
  { format: 'mermaid', label: 'Mermaid flowchart', extension: 'mmd', type: 'text/plain' },
  { format: 'mermaid-gantt', label: 'Mermaid Gantt chart', extension: 'gantt.mmd', type: 'text/plain' },
];

/** A file name from the plan's name: safe on every file system, never empty. */
export function exportFileName(planName: string, extension: string): string {
  const base = planName
    .trim()
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '');
  return `${base || 'plan'}.${extension}`;
}
