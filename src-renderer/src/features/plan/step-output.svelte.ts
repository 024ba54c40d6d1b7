import type { PlanboxClient, PlanboxEvents } from '../../../../src-preload/contract';

/** What one step printed in its latest attempt, as it streams in. */
export interface OutputTrail {
  stepId: string;
  attempt: number;
  text: string;
  /** Bytes dropped from the front to keep the view light. */
  dropped: number;
}

const KEEP_CHARS = 256 * 1024;

/**
 * The live output of a plan's steps, from `step.output` events. Only output that arrives while a
 * view is open is here; what ran earlier is in the step's attempts (planAttempts).
 */
export class StepOutputFeed {
  trails = $state<Record<string, OutputTrail>>({});
  /** The step that printed most recently. */
  latest = $state<string | undefined>();
  /** Steps in the order they first printed while the view was open. */
  order = $state<string[]>([]);

  constructor(
    private readonly client: PlanboxClient,
    /** The plan's id once known (events carry ids, routes may carry names). */
    private readonly planId: () => string | undefined,
    private readonly stepId?: string,
  ) {}

  /** Starts listening; returns the function that stops it. */
  start(): () => void {
    return this.client.on('step.output', (event) => this.add(event));
  }

  private add(event: PlanboxEvents['step.output']): void {
    if (event.planId !== this.planId() || (this.stepId && event.stepId !== this.stepId)) return;
    const trail = this.trails[event.stepId];
    const text = event.stream === 'system' && !event.text.endsWith('\n') ? `${event.text}\n` : event.text;
    if (!trail) this.order.push(event.stepId);
    if (!trail || trail.attempt !== event.attempt) {
      this.trails[event.stepId] = { stepId: event.stepId, attempt: event.attempt, text, dropped: 0 };
    } else {
      const joined = trail.text + text;
      const cut = Math.max(0, joined.length - KEEP_CHARS);
      trail.text = cut ? joined.slice(cut) : joined;
      trail.dropped += cut;
    }
    this.latest = event.stepId;
  }
}
