import { userInfo } from 'node:os';
import type { ActorContext } from '../../audit';
import { createPlanbox, type Planbox } from '../../app/create-planbox';
import { invoke } from '../../app/handlers';
import type { MethodInput, MethodName, MethodResult } from '../../../src-preload/contract';
import type { Print } from './output';

/** What every command gets: a lazily opened Planbox, the caller's identity, and where to print. */
export class CliContext {
  private planbox: Planbox | undefined;
  readonly actor: ActorContext;
  /** Set by commands that ran but found a problem (failed verify, invalid plan). */
  exitCode = 0;

  constructor(
    readonly out: Print,
    readonly err: Print,
    private readonly dataDir: () => string | undefined,
  ) {
    let name: string | undefined;
    try {
      name = userInfo().username;
    } catch {
      name = undefined;
    }
    this.actor = { actor: 'user', surface: 'cli', ...(name ? { actorName: name } : {}) };
  }

  get app(): Planbox {
    this.planbox ??= createPlanbox({ dataDir: this.dataDir() });
    return this.planbox;
  }

  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    return invoke(this.app.handlers, name, input, this.actor);
  }

  async close(): Promise<void> {
    await this.planbox?.settle();
    this.planbox?.close();
  }
}
