import type { StepStatus } from '../../src-main/domain/step-status';

/**
 * Events the backend pushes to whoever listens (the desktop app, web mode, the CLI's output).
 * Declared once, like the methods.
 */
export interface PlanboxEvents {
  /** Something about a plan changed; listeners re-read it. */
  'plan.changed': { planId: string; reason: string };
  /** A chunk of a running step's output. */
  'step.output': {
    planId: string;
    stepId: string;
    attempt: number;
    stream: 'stdout' | 'stderr' | 'system';
    phase: 'action' | 'acceptance';
    text: string;
  };
  'step.status': { planId: string; stepId: string; status: StepStatus; reason?: string };
  /** New audit events, from this process or another one sharing the data folder. */
  'audit.appended': { lastSeq: number; count: number; planIds: string[] };
}

export type PlanboxEventName = keyof PlanboxEvents;

export const PLANBOX_EVENT_NAMES = [
  'plan.changed',
  'step.output',
  'step.status',
  'audit.appended',
] as const satisfies readonly PlanboxEventName[];

// Fails to compile when an event is declared above but missing from the list.
const everyEventListed: Exclude<PlanboxEventName, (typeof PLANBOX_EVENT_NAMES)[number]> extends never ? true : false =
  true;
void everyEventListed;
