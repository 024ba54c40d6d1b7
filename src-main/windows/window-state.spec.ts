import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { loadWindowState, saveWindowState } from './window-state';

describe('window state', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.cleanup());

  it('round-trips what was saved', () => {
    saveWindowState(dir.path, { x: 10, y: 20, width: 900, height: 700, maximized: true });
    expect(loadWindowState(dir.path)).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true });
  });

  it('falls back to defaults for a missing, damaged or absurd file', () => {
    expect(loadWindowState(dir.path)).toEqual({ width: 1280, height: 820, maximized: false });
    writeFileSync(join(dir.path, 'window-state.json'), '{not json');
    expect(loadWindowState(dir.path).width).toBe(1280);
    writeFileSync(join(dir.path, 'window-state.json'), JSON.stringify({ width: 5, height: 'tall', x: 'left' }));
    expect(loadWindowState(dir.path)).toEqual({ width: 1280, height: 820, maximized: false });
  });
});
