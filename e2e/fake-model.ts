import { startFakeOpenAiServer, type FakeOpenAiServer } from '../src-main/testing/fake-openai-server';
import { test as base } from './fixtures';

export { expect } from './fixtures';

/**
 * The planbox fixture with a model: `planbox serve` runs with PLANBOX_LLM_* pointing at a loopback
 * server in the test process that speaks the OpenAI wire format and answers from a script (the one
 * allowed fake: no model can run here). `fakeModel` scripts it and holds the requests it got.
 */
export const test = base.extend<{ fakeModel: FakeOpenAiServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  fakeModel: async ({}, use) => {
    const server = await startFakeOpenAiServer();
    await use(server);
    await server.close();
  },
  planboxEnv: async ({ fakeModel }, use) => {
    await use({
      PLANBOX_LLM_PROVIDER: '',
      PLANBOX_LLM_API_KEY: '',
      PLANBOX_LLM_BASE_URL: fakeModel.baseUrl,
      PLANBOX_LLM_MODEL: 'fake-coder',
    });
  },
});
