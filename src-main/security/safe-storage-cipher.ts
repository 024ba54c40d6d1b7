import { safeStorage } from 'electron';
import type { SecretCipher } from '../app/api-key-store';

/**
 * The OS keychain through Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret
 * Service or KWallet on Linux), for the LLM API key the settings view saves. Call after `ready`.
 *
 * On Linux without a keychain, safeStorage falls back to a password compiled into Chromium
 * ('basic_text'), which protects nothing; that counts as no keychain, so the app says to use
 * PLANBOX_LLM_API_KEY instead of pretending the key is protected.
 *
 * The synchronous calls are marked deprecated (Electron 45) in favour of the async ones; they are
 * used because the key is read where the LLM configuration is resolved, synchronously.
 */
export function safeStorageCipher(): SecretCipher {
  return {
    isAvailable: () => {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (process.platform !== 'linux') return true;
      const backend = safeStorage.getSelectedStorageBackend();
      return backend !== 'basic_text' && backend !== 'unknown';
    },
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
