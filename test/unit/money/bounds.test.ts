// Bounded work: a summary or export over 1970..9999 is refused up front with a clear error (not computed), and
// the app keeps answering.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
afterEach(async () => app?.dispose());

const sender = { kind: 'web', authenticated: true } as never;

describe('ranges beyond ten years', () => {
  it('are refused with a clear error, and the next call is answered', async () => {
    app = createTestApp();
    const huge = { from: '1970-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z', timeZone: 'UTC' };
    const summary = await app.router.dispatch(sender, 'ledger.summary', huge);
    expect(summary).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(summary)).toMatch(/at most 3661 \(ten years\)/);
    const exported = await app.router.dispatch(sender, 'export.start', { ...huge, kind: 'calls', format: 'csv' });
    expect(exported).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const backwards = await app.router.dispatch(sender, 'ledger.summary', { ...huge, from: huge.to, to: huge.from });
    expect(JSON.stringify(backwards)).toMatch(/before `from`/);
    const fine = await app.router.dispatch(sender, 'ledger.summary', {
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
      timeZone: 'UTC',
    });
    expect(fine).toMatchObject({ ok: true });
  });
});
