/** Where the desktop app's pages come from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://planbox`;
