import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src-preload/contract';
import type { ActorContext } from '../audit';
import { databaseFingerprint } from '../testing/cli-runner';
import { plannerAnswer, startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';
import { makeTempDir } from '../testing/temp-dir';
import { API_KEY_FILE, type SecretCipher } from './api-key-store';
import { createPlanbox, type Planbox } from './create-planbox';
import { invoke } from './handlers';

const PERSON: ActorContext = { actor: 'user', surface: 'ui', actorName: 'ada' };
const KEY = 'sk-planboxkeychain-0123456789abcdefSECRET';
const ENV_KEY = 'sk-planboxenvironment-9876543210SECRET';

/**
 * Stands in for the OS keychain (Electron's safeStorage cannot run here): it really encrypts, with
 * AES-256-GCM and a random key that lives in this object only, as safeStorage's key lives in the
 * keychain. Two ciphers made by `keychain()` are two machines: neither reads the other's file.
 */
function keychain(options: { available?: boolean } = {}): SecretCipher & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    isAvailable: () => options.available ?? true,
    encrypt: (text) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    decrypt: (blob) => {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Every byte Planbox wrote to the data folder: the database, its write-ahead log, the key file, any other. */
function everyFileIn(dir: string): Buffer {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name));
  return Buffer.concat(files.filter((path) => statSync(path).isFile()).map((path) => readFileSync(path)));
}

describe('the LLM API key: the environment, or the OS keychain in the desktop app', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const opened: Planbox[] = [];
  const open = (config: { env?: NodeJS.ProcessEnv; secretCipher?: SecretCipher } = {}) => {
    const app = createPlanbox({ dataDir: dir.path, env: config.env ?? {}, secretCipher: config.secretCipher });
    opened.push(app);
    return app;
  };
  const call = <M extends MethodName>(app: Planbox, name: M, input: MethodInput<M>) =>
    invoke(app.handlers, name, input, PERSON);
  const auditTypes = async (app: Planbox) =>
    (await call(app, 'auditList', { limit: 100 })).map((event) => event.type).reverse();

  beforeEach(() => {
    dir = makeTempDir('planbox-api-key-');
  });
  afterEach(async () => {
    for (const app of opened.splice(0)) {
      await app.settle();
      app.close();
    }
    dir.cleanup();
  });

  it('saves the key encrypted in its own file, audits that it did without the key, and reports the keychain', async () => {
    const app = open({ secretCipher: keychain() });
    expect((await call(app, 'appInfo', {})).llm.apiKey).toEqual({ source: 'none', canStore: true });

    expect(await call(app, 'settingsSetApiKey', { key: `  ${KEY}  ` })).toEqual({ source: 'keychain', canStore: true });

    expect((await call(app, 'appInfo', {})).llm.apiKey).toEqual({ source: 'keychain', canStore: true });
    const file = join(dir.path, API_KEY_FILE);
    expect(readFileSync(file).includes(KEY)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const [event] = await call(app, 'auditList', { type: 'settings.api_key_set', limit: 10 });
    expect(event).toMatchObject({ actor: 'user', surface: 'ui', payload: { source: 'keychain', existed: false } });
    expect((await call(app, 'auditVerify', {})).ok).toBe(true);
    // The database, its write-ahead log and the key file, byte for byte: the audit event is there,
    // so the search does look at what was written; the key is nowhere.
    const bytes = everyFileIn(dir.path);
    expect(bytes.includes('settings.api_key_set')).toBe(true);
    expect(bytes.includes(KEY)).toBe(false);
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the key across a restart on the same keychain, and ignores a file another keychain wrote', async () => {
    const cipher = keychain();
    await call(open({ secretCipher: cipher }), 'settingsSetApiKey', { key: KEY });

    const restarted = open({ secretCipher: { ...cipher } });
    expect((await call(restarted, 'appInfo', {})).llm.apiKey).toEqual({ source: 'keychain', canStore: true });

    const elsewhere = open({ secretCipher: keychain() });
    expect((await call(elsewhere, 'appInfo', {})).llm.apiKey).toEqual({ source: 'none', canStore: true });
  });

  it('lets PLANBOX_LLM_API_KEY win over a saved key', async () => {
    const cipher = keychain();
    await call(open({ secretCipher: cipher }), 'settingsSetApiKey', { key: KEY });

    const withEnv = open({ env: { PLANBOX_LLM_API_KEY: ENV_KEY }, secretCipher: cipher });
    expect((await call(withEnv, 'appInfo', {})).llm.apiKey).toEqual({ source: 'environment', canStore: true });
    expect(await call(withEnv, 'settingsSetApiKey', { key: KEY })).toEqual({ source: 'environment', canStore: true });
    // An empty variable is no key (as for the LLM configuration), so the saved one is used.
    const blank = open({ env: { PLANBOX_LLM_API_KEY: ' ' }, secretCipher: cipher });
    expect((await call(blank, 'appInfo', {})).llm.apiKey.source).toBe('keychain');
  });

  it('forgets the saved key on null, and audits that', async () => {
    const app = open({ secretCipher: keychain() });
    await call(app, 'settingsSetApiKey', { key: KEY });

    expect(await call(app, 'settingsSetApiKey', { key: null })).toEqual({ source: 'none', canStore: true });

    expect(existsSync(join(dir.path, API_KEY_FILE))).toBe(false);
    expect(await auditTypes(app)).toEqual(['settings.api_key_set', 'settings.api_key_cleared']);
    const [cleared] = await call(app, 'auditList', { type: 'settings.api_key_cleared', limit: 10 });
    expect(cleared!.payload).toEqual({ source: 'keychain', existed: true });
  });

  it('without a keychain (web mode, the CLI) refuses to keep a key, says to use the environment, and changes nothing', async () => {
    for (const app of [open(), open({ secretCipher: keychain({ available: false }) })]) {
      expect((await call(app, 'appInfo', {})).llm.apiKey).toEqual({ source: 'none', canStore: false });
      const before = databaseFingerprint(dir.path);

      const refusal = call(app, 'settingsSetApiKey', { key: KEY });

      await expect(refusal).rejects.toThrow(
        /^this Planbox cannot keep an API key \(.+\); set PLANBOX_LLM_API_KEY in the environment that starts it$/,
      );
      await expect(refusal).rejects.not.toThrow(KEY);
      expect(databaseFingerprint(dir.path)).toEqual(before);
      expect(existsSync(join(dir.path, API_KEY_FILE))).toBe(false);
      await expect(call(app, 'settingsSetApiKey', { key: null })).rejects.toThrow(/cannot keep an API key/);
      expect(await auditTypes(app)).toEqual([]);
    }
  });

  it('refuses a key with spaces inside without repeating it', async () => {
    const app = open({ secretCipher: keychain() });
    const refusal = call(app, 'settingsSetApiKey', { key: `${KEY} ${KEY}` });
    await expect(refusal).rejects.toThrow('the API key must be one word without spaces or line breaks');
    await expect(refusal).rejects.not.toThrow(KEY);
    expect(existsSync(join(dir.path, API_KEY_FILE))).toBe(false);
  });

  describe('a model call', () => {
    let server: FakeOpenAiServer;
    beforeEach(async () => {
      server = await startFakeOpenAiServer();
    });
    afterEach(async () => {
      await server.close();
    });

    it('sends the saved key from the next call on, without a restart, and none once it is forgotten', async () => {
      const app = open({ secretCipher: keychain() });
      await call(app, 'settingsSet', { key: 'llm.baseUrl', value: server.baseUrl });
      await call(app, 'settingsSet', { key: 'llm.plannerModel', value: 'fake-coder' });
      await call(app, 'settingsSetApiKey', { key: KEY });
      server.script({ content: plannerAnswer([{ id: 'a' }], { name: 'with-key' }) });

      const result = await call(app, 'planCreate', { goal: 'one step' });

      expect(result.plan.name).toBe('with-key');
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
      const bytes = everyFileIn(dir.path);
      expect(bytes.includes('fake-coder')).toBe(true); // the llm.called event is written
      expect(bytes.includes(KEY)).toBe(false);

      await call(app, 'settingsSetApiKey', { key: null });
      server.script({ content: plannerAnswer([{ id: 'a' }], { name: 'without-key' }) });
      await call(app, 'planCreate', { goal: 'one step' });
      expect(server.requests[1]!.headers.authorization).toBeUndefined();
    });

    it('sends the environment key when both are there', async () => {
      const cipher = keychain();
      await call(open({ secretCipher: cipher }), 'settingsSetApiKey', { key: KEY });
      const app = open({
        env: { PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder', PLANBOX_LLM_API_KEY: ENV_KEY },
        secretCipher: cipher,
      });
      server.script({ content: plannerAnswer([{ id: 'a' }]) });

      await call(app, 'planCreate', { goal: 'one step' });

      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    });
  });

  it('a file that is not a key for this keychain counts as none, and saving replaces it', async () => {
    const app = open({ secretCipher: keychain() });
    writeFileSync(join(dir.path, API_KEY_FILE), 'damaged');
    expect((await call(app, 'appInfo', {})).llm.apiKey.source).toBe('none');
    expect((await call(app, 'settingsSetApiKey', { key: KEY })).source).toBe('keychain');
  });
});
