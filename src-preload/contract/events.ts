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
}

export type PlanboxEventName = keyof PlanboxEvents;
