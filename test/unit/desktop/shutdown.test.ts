import { describe, expect, it } from 'vitest';
import { onRendererGone, MAX_RELOADS_IN_WINDOW } from '../../../main/core/crash-policy';
import { createQuitGuard } from '../../../main/core/shutdown';
import { silentLogger } from '../../../main/core/logger';

function quitEvent() {
  const e = { prevented: 0, preventDefault: () => e.prevented++ };
  return e;
}

describe('quit guard', () => {
  it('holds the quit until close() has finished, closes once, then exits', async () => {
    const order: string[] = [];
    let finishClose: () => void = () => {};
    const guard = createQuitGuard({
      close: () =>
        new Promise<void>((resolve) => {
          order.push('close started');
          finishClose = () => {
            order.push('close finished');
            resolve();
          };
        }),
      exit: (code) => order.push(`exit ${code}`),
      logger: silentLogger,
    });
    const first = quitEvent();
    guard(first);
    const second = quitEvent();
    guard(second);
    expect([first.prevented, second.prevented]).toEqual([1, 1]);
    expect(order).toEqual(['close started']);
    finishClose();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['close started', 'close finished', 'exit 0']);
    // app.exit() emits no further before-quit, but one after closing must pass through untouched.
    const after = quitEvent();
    guard(after);
    expect(after.prevented).toBe(0);
  });

  it('still exits (code 1) and logs when closing fails', async () => {
    const errors: string[] = [];
    const exits: number[] = [];
    const guard = createQuitGuard({
      close: () => Promise.reject(new Error('disk full')),
      exit: (code) => exits.push(code),
      logger: { ...silentLogger, error: (m) => errors.push(m) },
    });
    guard(quitEvent());
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([1]);
    expect(errors).toEqual(['shutdown: closing the services failed']);
  });
});

describe('renderer crash policy', () => {
  const now = 1_000_000;
  it('ignores a clean exit and reloads a crash with a notice', () => {
    expect(onRendererGone({ reason: 'clean-exit', exitCode: 0 }, [], now)).toEqual({ action: 'ignore' });
    const d = onRendererGone({ reason: 'crashed', exitCode: 139 }, [], now);
    expect(d.action).toBe('reload');
    expect(d.action !== 'ignore' && d.notice).toMatch(/crashed, exit code 139.*reloaded/);
  });

  it(`stops reloading after ${MAX_RELOADS_IN_WINDOW} reloads within a minute, and resumes after`, () => {
    const recent = [now - 50_000, now - 20_000, now - 1_000];
    expect(onRendererGone({ reason: 'oom', exitCode: 1 }, recent, now).action).toBe('give-up');
    expect(onRendererGone({ reason: 'oom', exitCode: 1 }, recent, now + 61_000).action).toBe('reload');
  });
});
