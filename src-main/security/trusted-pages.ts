import { APP_SCHEME } from './app-origin';

/**
 * The only pages that may call the backend: the app's own, or the dev server while developing.
 * IPC handlers and navigation checks both ask this.
 */
export function isTrustedPageUrl(url: string, devServerUrl = process.env.ELECTRON_RENDERER_URL): boolean {
  try {
    const parsed = new URL(url);
    // Compared by parts: outside Electron a custom scheme's URL has the opaque origin "null".
    if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'planbox') return true;
    return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}
