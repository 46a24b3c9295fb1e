import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, initialBounds, readWindowState, writeWindowState } from '../../../main/electron/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1050 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };
const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'aicon-winstate-'));
  dirs.push(d);
  return join(d, 'nested', 'window-state.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('window state', () => {
  it('round-trips through its file and reads a missing or corrupt file as none', () => {
    const file = tempFile();
    expect(readWindowState(file)).toBeNull();
    const state = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    writeFileSync(file, '{"bounds":{"x":"left"}}');
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, 'not json');
    expect(readWindowState(file)).toBeNull();
  });

  it('opens at the default size centred on the primary display the first time', () => {
    expect(initialBounds(null, [primary])).toEqual({
      x: (1920 - DEFAULT_SIZE.width) / 2,
      y: (1050 - DEFAULT_SIZE.height) / 2,
      ...DEFAULT_SIZE,
    });
  });

  it('reopens where it was, on a secondary display too', () => {
    const bounds = { x: 2100, y: 120, width: 1400, height: 900 };
    expect(initialBounds({ bounds, maximized: false }, [primary, right])).toEqual(bounds);
  });

  it('moves a window whose display is gone back onto the primary one', () => {
    const bounds = { x: 2100, y: 120, width: 1400, height: 900 };
    const b = initialBounds({ bounds, maximized: false }, [primary]);
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(1920);
    expect(b.width).toBe(1400);
  });

  it('keeps a partly off-screen window fully on its display and within its size', () => {
    const b = initialBounds({ bounds: { x: 1700, y: -50, width: 3000, height: 600 }, maximized: false }, [primary]);
    expect(b).toEqual({ x: 0, y: 0, width: 1920, height: 600 });
  });
});
