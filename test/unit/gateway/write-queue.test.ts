import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../main/core/logger';
import { WriteQueue } from '../../../main/gateway/write-queue';

function recordingLogger(errors: string[]): Logger {
  const noop = () => {};
  return { info: noop, warn: noop, error: (m: string) => void errors.push(m) };
}

describe('WriteQueue', () => {
  it('writes everything pushed within the window in one batch, in order, and flush does not wait out the window', async () => {
    const errors: string[] = [];
    const batches: number[] = [];
    const written: string[] = [];
    let inBatch = 0;
    const q = new WriteQueue(
      recordingLogger(errors),
      (writes) => {
        const before = written.length;
        inBatch++;
        writes();
        inBatch--;
        batches.push(written.length - before);
      },
      60_000,
    );
    for (const w of ['a', 'b', 'c']) q.push(() => written.push(inBatch === 1 ? w : `outside:${w}`), w);
    q.push(() => {
      throw new Error('disk');
    }, 'failing write');
    q.push(() => written.push(inBatch === 1 ? 'd' : 'outside:d'), 'd');
    // A one-minute window: only flush can have drained it.
    await q.flush();
    expect(written).toEqual(['a', 'b', 'c', 'd']);
    expect(batches).toEqual([4]);
    expect(errors).toEqual(['gateway: failing write failed']);
  });

  it('drains a full batch without waiting for the window', async () => {
    const batches: number[] = [];
    let n = 0;
    const q = new WriteQueue(
      recordingLogger([]),
      (writes) => {
        const before = n;
        writes();
        batches.push(n - before);
      },
      60_000,
    );
    for (let i = 0; i < 256; i++) q.push(() => n++, 'w');
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([256]);
    await q.flush();
  });
});
