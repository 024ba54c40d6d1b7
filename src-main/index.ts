import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { createPlanbox } from './app/create-planbox';
import { defaultDataDir } from './app/data-dir';

/**
 * The Electron entry: one secure window. Kept thin; the app's services come from createPlanbox,
 * the same composition root the CLI and servers use.
 */
if (!app.requestSingleInstanceLock()) app.quit();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Planbox',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.mjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // The same folder as the CLI and the MCP server (PLANBOX_HOME, else ~/.config/Planbox and the like).
  const planbox = createPlanbox({ dataDir: defaultDataDir() });
  app.on('will-quit', () => planbox.close());
  createWindow();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Links never open inside the app; only documentation URLs go to the system browser.
export function openExternal(url: string): void {
  if (/^https:\/\/(github\.com|docs\.planbox\.dev)\//.test(url)) void shell.openExternal(url);
}
