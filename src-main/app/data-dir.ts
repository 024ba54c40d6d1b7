import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Planbox keeps its database: PLANBOX_HOME, else the OS config folder the desktop app uses
 * (Electron's userData for an app named "Planbox"), so the CLI, MCP server and app share one store.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PLANBOX_HOME) return env.PLANBOX_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Planbox');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Planbox');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Planbox');
}
