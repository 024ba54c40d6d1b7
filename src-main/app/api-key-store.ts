import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyStatusView } from '../../src-preload/contract';
import type { ActorContext, AuditLog } from '../audit';
import type { Store } from '../store';
import { InvalidInputError } from '../domain/errors';
import { LLM_ENV } from '../llm/llm-config';

/**
 * Encryption by the operating system's keychain. The desktop app implements it with Electron's
 * safeStorage (src-main/security/safe-storage-cipher.ts); the CLI, web mode and the MCP server have
 * none, so there the key comes from PLANBOX_LLM_API_KEY only.
 */
export interface SecretCipher {
  /** Whether a real OS keychain is there to encrypt with (never a fixed, well-known password). */
  isAvailable(): boolean;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

/** The encrypted key, in the data folder: never in the database, so never in a backup of it. */
export const API_KEY_FILE = 'llm-api-key.bin';

const present = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * Where the LLM API key comes from: PLANBOX_LLM_API_KEY when the environment has it, else the key the
 * desktop app keeps encrypted with the OS keychain. The key itself never reaches the database, the
 * audit log, an event or an answer; only where it comes from is reported.
 */
export class ApiKeyStore {
  /**
   * The environment the LLM code reads its PLANBOX_LLM_* variables from: the configured one, with
   * PLANBOX_LLM_API_KEY filled in from the keychain when the environment has none. It is read at
   * each access, so a key saved in the settings is used by the next model call, without a restart.
   * The stored key is not an own property: a copy of this environment (for a child process) never
   * carries it.
   */
  readonly env: NodeJS.ProcessEnv;
  private readonly file: string;
  /** The decrypted key, for the file's stamp (size, time, inode) it was read from. */
  private cached: { stamp: string; key: string | undefined } | undefined;

  constructor(
    private readonly deps: {
      dataDir: string;
      store: Store;
      audit: AuditLog;
      env: NodeJS.ProcessEnv;
      cipher?: SecretCipher | undefined;
    },
  ) {
    this.file = join(deps.dataDir, API_KEY_FILE);
    const base = deps.env;
    this.env = new Proxy(base, {
      get: (target, name, receiver) => {
        if (name === LLM_ENV.apiKey && !present(target[LLM_ENV.apiKey])) return this.storedKey();
        return Reflect.get(target, name, receiver) as unknown;
      },
    });
  }

  status(): ApiKeyStatusView {
    const canStore = this.canStore();
    if (present(this.deps.env[LLM_ENV.apiKey])) return { source: 'environment', canStore };
    return { source: this.storedKey() ? 'keychain' : 'none', canStore };
  }

  /** Saves a key encrypted with the OS keychain, or forgets the saved one (null); audited without the key. */
  set(key: string | null, context: ActorContext): ApiKeyStatusView {
    if (!this.canStore()) {
      const why = this.deps.cipher
        ? 'the desktop app found no OS keychain to encrypt it with'
        : 'only the desktop app can, with the OS keychain; this is web mode, the CLI or the MCP server';
      throw new InvalidInputError(
        `this Planbox cannot keep an API key (${why}); set ${LLM_ENV.apiKey} in the environment that starts it`,
      );
    }
    const text = key === null ? null : key.trim();
    if (text !== null && (text === '' || /\s/.test(text)))
      // The message never repeats the key: it could be most of a real one.
      throw new InvalidInputError('the API key must be one word without spaces or line breaks; nothing was saved');
    const existed = this.fileExists();
    if (text === null) {
      this.deps.store.transaction(() => {
        this.deps.audit.append(context, { type: 'settings.api_key_cleared', payload: { source: 'keychain', existed } });
        rmSync(this.file, { force: true });
      });
    } else {
      // Encrypt and write the new file before the transaction (the keychain may be slow to answer);
      // inside it, the audit event first and the rename last, so a failed rename rolls the event back.
      const temporary = `${this.file}.${process.pid}.tmp`;
      writePrivateFile(temporary, this.deps.cipher!.encrypt(text));
      try {
        this.deps.store.transaction(() => {
          this.deps.audit.append(context, { type: 'settings.api_key_set', payload: { source: 'keychain', existed } });
          renameSync(temporary, this.file);
        });
      } finally {
        rmSync(temporary, { force: true });
      }
    }
    this.cached = undefined;
    return this.status();
  }

  private canStore(): boolean {
    try {
      return this.deps.cipher?.isAvailable() ?? false;
    } catch {
      return false;
    }
  }

  private fileExists(): boolean {
    return this.stampOf() !== undefined;
  }

  private stampOf(): string | undefined {
    try {
      const stat = statSync(this.file);
      return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
    } catch {
      return undefined;
    }
  }

  /** The saved key, decrypted once per version of the file; undefined when there is none or it cannot be read. */
  private storedKey(): string | undefined {
    const cipher = this.deps.cipher;
    if (!cipher) return undefined;
    const stamp = this.stampOf();
    if (stamp === undefined) return undefined;
    if (this.cached?.stamp === stamp) return this.cached.key;
    let key: string | undefined;
    try {
      key = cipher.isAvailable() ? present(cipher.decrypt(readFileSync(this.file))) : undefined;
    } catch {
      // Encrypted by another user's or machine's keychain, or damaged: as if there were none. Saving
      // a new key (or Forget) replaces it.
      key = undefined;
    }
    this.cached = { stamp, key };
    return key;
  }
}

/** Writes a file only its owner may read, and flushes it to disk before it is renamed into place. */
function writePrivateFile(path: string, data: Buffer): void {
  rmSync(path, { force: true });
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
