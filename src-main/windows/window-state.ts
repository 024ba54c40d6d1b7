import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where and how big the window was, so the app reopens the way the person left it. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };
const FILE = 'window-state.json';

export function loadWindowState(dataDir: string): WindowState {
  try {
    const saved = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as Partial<WindowState>;
    const size = (n: unknown, min: number) => (typeof n === 'number' && Number.isFinite(n) && n >= min ? n : undefined);
    return {
      ...(size(saved.x, -100_000) !== undefined ? { x: saved.x } : {}),
      ...(size(saved.y, -100_000) !== undefined ? { y: saved.y } : {}),
      width: size(saved.width, 640) ?? DEFAULT_STATE.width,
      height: size(saved.height, 480) ?? DEFAULT_STATE.height,
      maximized: saved.maximized === true,
    };
  } catch {
    // No file yet, or a damaged one: start with the defaults rather than refuse to open.
    return { ...DEFAULT_STATE };
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  try {
    writeFileSync(join(dataDir, FILE), JSON.stringify(state) + '\n');
  } catch {
    // Losing the window position is not worth an error dialog on quit.
  }
}
