import { contextBridge } from 'electron';

/**
 * The bridge between the sandboxed renderer and the main process. It exposes narrow functions
 * only (never ipcRenderer itself); the full contract-derived bridge arrives with the desktop UI.
 */
contextBridge.exposeInMainWorld('planbox', {
  version: '0.1.0',
});
