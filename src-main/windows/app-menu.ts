import { Menu, app, type MenuItemConstructorOptions } from 'electron';
import { openExternalIfAllowed } from '../security/external-links';

/**
 * Native menus with the usual roles, so copy/paste, undo, zoom, full screen and quit work with
 * each platform's shortcuts; "Go" moves between the app's sections by changing the route.
 */
export function installAppMenu(goTo: (hash: string) => void): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: [
        { label: 'Plans', accelerator: 'CmdOrCtrl+1', click: () => goTo('#/plans') },
        { label: 'Audit log', accelerator: 'CmdOrCtrl+2', click: () => goTo('#/audit') },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => goTo('#/settings') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Planbox on GitHub', click: () => openExternalIfAllowed('https://github.com/planbox-dev/planbox') },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
