import type { PlanboxClient, PlanView } from '../../../../src-preload/contract';
import { messageOf } from '../../lib/client';

/**
 * A plan kept fresh, like `Live` but held as raw state: every refresh replaces the whole plan, so
 * deep proxies would buy nothing, and for a 1,000-step plan they cost a large share of the render.
 * Refreshes asked for while one is under way collapse into one more after it.
 */
export class PlanSource {
  data = $state.raw<PlanView | undefined>();
  error = $state<string | undefined>();
  private loading = false;
  private again = false;

  constructor(
    private readonly client: PlanboxClient,
    private readonly ref: string,
  ) {}

  async refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.again = false;
        try {
          this.data = await this.client.planGet({ plan: this.ref });
          this.error = undefined;
        } catch (error) {
          this.error = messageOf(error);
        }
      } while (this.again);
    } finally {
      this.loading = false;
    }
  }
}
