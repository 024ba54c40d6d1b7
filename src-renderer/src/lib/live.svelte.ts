import { messageOf } from './client';

/**
 * Data a view shows and keeps fresh: `refresh()` may be called for every event that arrives (an
 * auto run sends many); calls while a load is under way collapse into one more load after it.
 */
export class Live<T> {
  data = $state<T | undefined>();
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
