// What to do when the renderer process dies: reload it with a notice, unless it keeps dying (then stop
// reloading, so a crash on start-up does not become a busy loop). Pure: the glue keeps the history.

export const RELOAD_WINDOW_MS = 60_000;
export const MAX_RELOADS_IN_WINDOW = 3;

export interface RendererGone {
  /** Electron's RenderProcessGoneDetails.reason: 'crashed', 'oom', 'killed', 'clean-exit', ... */
  reason: string;
  exitCode: number;
}

export type RendererGoneAction =
  | { action: 'ignore' }
  | { action: 'reload'; notice: string }
  | { action: 'give-up'; notice: string };

/** Decides from the reason and the times of earlier reloads (ms); the caller records a reload when it does one. */
export function onRendererGone(
  details: RendererGone,
  earlierReloads: readonly number[],
  now: number,
): RendererGoneAction {
  if (details.reason === 'clean-exit') return { action: 'ignore' };
  const recent = earlierReloads.filter((t) => now - t < RELOAD_WINDOW_MS).length;
  const what = `The window stopped unexpectedly (${details.reason}, exit code ${details.exitCode}).`;
  if (recent >= MAX_RELOADS_IN_WINDOW)
    return {
      action: 'give-up',
      notice: `${what} It already restarted ${recent} times in the last minute, so it was not reloaded again. Quit and reopen AICON Studio; the log file has details.`,
    };
  return { action: 'reload', notice: `${what} It was reloaded; work in progress in the background was not affected.` };
}
