// The main window's size and position, remembered across launches in <userData>/window-state.json.
// Pure (no Electron): the glue passes the displays' work areas. A saved window that no longer fits any
// display (a monitor was unplugged) is moved onto the primary one rather than opening off-screen.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1320, height: 860 };
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the window's title area must stay on a display for the saved position to be used. */
const MIN_VISIBLE = 100;

const stateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});

/** The saved state, or null when there is none or it is unreadable (then the defaults apply). */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

const overlap = (a: Rect, b: Rect) => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/**
 * The bounds to open with: the saved ones when enough of the window is on some display (clamped to that
 * display's size), else the default size centred on the primary display. workAreas[0] is the primary.
 */
export function initialBounds(saved: WindowState | null, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const centred = (w: number, h: number): Rect => {
    const width = Math.min(w, primary.width);
    const height = Math.min(h, primary.height);
    return {
      x: primary.x + Math.round((primary.width - width) / 2),
      y: primary.y + Math.round((primary.height - height) / 2),
      width,
      height,
    };
  };
  if (!saved) return centred(DEFAULT_SIZE.width, DEFAULT_SIZE.height);
  const width = Math.max(MIN_SIZE.width, saved.bounds.width);
  const height = Math.max(MIN_SIZE.height, saved.bounds.height);
  const bounds = { ...saved.bounds, width, height };
  const home = workAreas.find((a) => {
    const o = overlap(bounds, a);
    return o.width >= MIN_VISIBLE && o.height >= MIN_VISIBLE;
  });
  if (!home) return centred(width, height);
  const w = Math.min(width, home.width);
  const h = Math.min(height, home.height);
  return {
    x: Math.min(Math.max(bounds.x, home.x), home.x + home.width - w),
    y: Math.min(Math.max(bounds.y, home.y), home.y + home.height - h),
    width: w,
    height: h,
  };
}
