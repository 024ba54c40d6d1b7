import { app, session } from 'electron';
import { isTrustedPageUrl } from './trusted-pages';
import { openExternalIfAllowed } from './external-links';

/**
 * Rules for every web page the app ever creates: no navigation away from the app, no new windows
 * (allow-listed links go to the system browser instead), no webviews, and no permissions
 * (camera, notifications, clipboard reads...), which Planbox never needs.
 */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfAllowed(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedPageUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedPageUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** Call once the app is ready (sessions exist only then). */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
