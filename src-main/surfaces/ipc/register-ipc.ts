import { BrowserWindow, ipcMain, type WebFrameMain } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, PLANBOX_EVENT_NAMES, ipcChannel } from '../../../src-preload/contract';
import type { ActorContext } from '../../audit';
import type { Planbox } from '../../app/create-planbox';
import { callEnvelope } from '../../app/call-envelope';

/**
 * The contract over Electron IPC: one handler per declared method, each answering `{result}` or
 * `{error}`, and every event forwarded to the app's windows. A call from a frame that is not the
 * app's own page (an injected iframe, a navigated-away window) is refused before it is parsed.
 */
export function registerIpc(planbox: Planbox, actor: ActorContext, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (frame: WebFrameMain | null) => frame !== null && isTrustedUrl(frame.url);
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, input: unknown) => {
      if (!trusted(event.senderFrame)) {
        return { error: { kind: 'unauthorized', message: `refused: ${name} called from an untrusted page` } };
      }
      return callEnvelope(planbox.handlers, name, input, actor);
    });
  }
  const unsubscribe = PLANBOX_EVENT_NAMES.map((name) =>
    planbox.events.on(name, (payload) => {
      for (const window of BrowserWindow.getAllWindows()) {
        if (trusted(window.webContents.mainFrame)) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
      }
    }),
  );
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(name));
    for (const off of unsubscribe) off();
  };
}
