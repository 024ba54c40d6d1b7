import type { MethodInput, MethodName, MethodResult } from '../../src-preload/contract';
import type { ActorContext } from '../audit';
import { createPlanbox, type Planbox } from '../app/create-planbox';
import { invoke } from '../app/handlers';
import { makeTempDir } from './temp-dir';

export const AGENT: ActorContext = { actor: 'agent', surface: 'mcp', actorName: 'test-agent' };
export const PERSON: ActorContext = { actor: 'user', surface: 'cli', actorName: 'alice' };

export interface TestPlanbox {
  app: Planbox;
  dataDir: string;
  /** Calls a contract method the way a surface does, as the agent unless told otherwise. */
  call<M extends MethodName>(name: M, input: MethodInput<M>, as?: ActorContext): Promise<MethodResult<M>>;
  close(): Promise<void>;
}

/**
 * A Planbox on a fresh data folder with a real SQLite database (no sandbox is touched until a step
 * runs). The LLM provider's variables come from `env` only (none by default), never from the
 * environment the tests run in.
 */
export function openTestPlanbox(options: { env?: NodeJS.ProcessEnv } = {}): TestPlanbox {
  const home = makeTempDir('planbox-engine-');
  const app = createPlanbox({ dataDir: home.path, env: options.env ?? {} });
  return {
    app,
    dataDir: home.path,
    call: (name, input, as = AGENT) => invoke(app.handlers, name, input, as),
    close: async () => {
      await app.settle();
      app.close();
      home.cleanup();
    },
  };
}
