import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, isEventName, type PlanboxBridge } from './contract/transport';

/**
 * The bridge between the sandboxed renderer and the main process, derived from the contract: one
 * function per declared method and a subscription per declared event. The page never gets
 * ipcRenderer itself, so it can send nothing the contract does not name.
 */
const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
) as PlanboxBridge['methods'];

const bridge: PlanboxBridge = {
  methods,
  on(name, listener) {
    if (!isEventName(name)) throw new Error(`unknown event '${String(name)}'`);
    const forward = (_event: Electron.IpcRendererEvent, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(IPC_EVENT_CHANNEL, forward);
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('planbox', bridge);
