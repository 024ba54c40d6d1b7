import { messageOf } from './client';

/**
 * Data a view shows and keeps fresh: `refresh()` may be called for every event that arrives (an
 * auto run sends many); calls while a load is under way collapse into one more load after it.
 * The data is raw state: every load replaces it whole, so deep proxies would buy nothing, and for
 * a 1,000-step plan they cost a large share of the render.
 */
export class Live<T> {
  data = $state.raw<T | undefined>();
  error = $state<string | undefined>();
  loading = $state(false);
  private again = false;

  constructor(private readonly load: () => Promise<T>) {}

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
          this.data = await this.load();
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
