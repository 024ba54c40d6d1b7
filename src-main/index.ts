import { app, BrowserWindow } from 'electron';
import { userInfo } from 'node:os';
import { createPlanbox } from './app/create-planbox';
import { defaultDataDir } from './app/data-dir';
import { findRendererDir } from './app/renderer-dir';
import { registerAppScheme, serveAppProtocol } from './security/app-protocol';
import { safeStorageCipher } from './security/safe-storage-cipher';
import { denyPermissions, hardenWebContents } from './security/harden';
import { isTrustedPageUrl } from './security/trusted-pages';
import { registerIpc } from './surfaces/ipc/register-ipc';
import { createMainWindow } from './windows/main-window';
import { installAppMenu } from './windows/app-menu';

/**
 * The Electron entry, kept thin: security rules, the app:// protocol, the contract over IPC and
 * one window. The services come from createPlanbox, the composition root the CLI, web mode and
 * the MCP server share, on the same data folder (PLANBOX_HOME, else the OS config folder).
 */
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents();
  void app.whenReady().then(start);
}

function start(): void {
  denyPermissions();
  const rendererDir = findRendererDir();
  if (rendererDir) serveAppProtocol(rendererDir);
  const planbox = createPlanbox({ dataDir: defaultDataDir(), secretCipher: safeStorageCipher() });
  const stopWatching = planbox.watchChanges();
  const stopIpc = registerIpc(planbox, { actor: 'user', surface: 'ui', actorName: userName() }, (url) =>
    isTrustedPageUrl(url),
  );
  const focusedWindow = () => BrowserWindow.getAllWindows()[0] ?? createMainWindow(planbox.dataDir);
  installAppMenu((hash) => {
    const window = focusedWindow();
    void window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
  });
  createMainWindow(planbox.dataDir);

  app.on('second-instance', () => {
    const window = focusedWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(planbox.dataDir);
  });
  let quitting = false;
  app.on('will-quit', (event) => {
    // Let background clean-up (snapshot images) finish before the database closes.
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    stopIpc();
    stopWatching();
    void planbox.settle().finally(() => {
      planbox.close();
      app.exit(0);
    });
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'desktop';
  }
}
