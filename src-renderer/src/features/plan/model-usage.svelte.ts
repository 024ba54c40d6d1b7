import type { ModelUsageView, PlanboxClient } from '../../../../src-preload/contract';
import { Live } from '../../lib/live.svelte';

/**
 * A plan's model use, kept fresh: every model call is audited with the plan's id, so the view
 * reads it again when the audit log grows for that plan (from this process or another one).
 */
export class PlanUsageFeed {
  readonly usage: Live<ModelUsageView>;

  constructor(
    private readonly client: PlanboxClient,
    private readonly planId: () => string,
  ) {
    this.usage = new Live(() => client.planUsage({ plan: this.planId() }));
  }

  /** Loads now and on each new audit event of the plan; returns the function that stops listening. */
  start(): () => void {
    void this.usage.refresh();
    return this.client.on('audit.appended', (appended) => {
      if (appended.planIds.includes(this.planId())) void this.usage.refresh();
    });
  }
}
