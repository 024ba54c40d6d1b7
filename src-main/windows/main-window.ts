import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from '../security/app-origin';
import { loadWindowState, saveWindowState } from './window-state';

/** The one app window, locked down (CONVENTIONS.md "Electron security") and where it was last left. */
export function createMainWindow(dataDir: string): BrowserWindow {
  const state = loadWindowState(dataDir);
  const window = new BrowserWindow({
    ...state,
    minWidth: 800,
    minHeight: 560,
    title: 'Planbox',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.mjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    saveWindowState(dataDir, { ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  const devServer = process.env.ELECTRON_RENDERER_URL;
  void window.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
  return window;
}
