// Editing a price override in place: the new rate prices calls from its (new) date on, a clash with another
// override's (provider, model, unit, date) is a typed conflict, and an unknown id is not_found.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sender } from '../../../main/core/router';
import { AppError } from '../../../main/core/errors';
import { createTestApp, type TestApp } from '../../helpers/app';

const web: Sender = { kind: 'web', authenticated: true };
let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(() => app.dispose());

const dispatch = (channel: string, input: unknown) => app.router.dispatch(web, channel, input);
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

interface Override {
  id: number;
  usd: string;
  per: number;
  effectiveFrom: string;
  note: string;
  createdAt: string;
  updatedAt: string;
}
const SEPT = '2026-09-01T00:00:00.000Z';
const OCT = '2026-10-01T00:00:00.000Z';
const base = { provider: 'elevenlabs', model: '*', unit: 'characters' };
const characters = (at: string) =>
  app.cost.pricer.price({
    provider: 'elevenlabs',
    model: 'eleven_multilingual_v2',
    units: { characters: 1_000 },
    at: new Date(at),
  });

describe('prices.updateOverride', () => {
  it('changes price, block size, date and note in place, keeping the id, and the pricer follows', async () => {
    const created = await call<Override>('prices.createOverride', {
      ...base,
      usd: '0.18',
      per: 1000,
      effectiveFrom: SEPT,
      note: 'creator plan',
    });
    expect(characters('2026-09-15T00:00:00Z')).toMatchObject({
      costNanos: 180_000_000,
      priceVersion: `override:${created.id}`,
    });

    const edited = await call<Override>('prices.updateOverride', {
      id: created.id,
      usd: '0.00015',
      per: 1,
      effectiveFrom: OCT,
      note: 'pro plan',
    });
    expect(edited).toMatchObject({
      id: created.id,
      usd: '0.00015',
      per: 1,
      effectiveFrom: OCT,
      note: 'pro plan',
      createdAt: created.createdAt,
    });
    expect(await call<Override[]>('prices.overrides', {})).toEqual([edited]);
    // 1,000 characters at $0.00015 each = $0.15, and only from October on.
    expect(characters('2026-10-15T00:00:00Z')).toMatchObject({
      costNanos: 150_000_000,
      priceVersion: `override:${created.id}`,
    });
    expect(characters('2026-09-15T00:00:00Z').priceVersion).not.toContain('override');
  });

  it('answers a clash with another override of the same provider, model, unit and date with conflict, changing nothing', async () => {
    const sept = await call<Override>('prices.createOverride', {
      ...base,
      usd: '0.18',
      per: 1000,
      effectiveFrom: SEPT,
    });
    const oct = await call<Override>('prices.createOverride', { ...base, usd: '0.2', per: 1000, effectiveFrom: OCT });
    const r = await dispatch('prices.updateOverride', { id: oct.id, effectiveFrom: SEPT, usd: '0.3' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', details: { overrideId: sept.id } } });
    expect(await call<Override[]>('prices.overrides', {})).toEqual([sept, oct]);
    // Same date, another unit: no clash.
    expect(
      await call<Override>('prices.updateOverride', { id: oct.id, effectiveFrom: SEPT, unit: 'credits' }),
    ).toMatchObject({ id: oct.id, effectiveFrom: SEPT });
  });

  it('answers an unknown id with not_found and a bad price with invalid_input', async () => {
    expect(await dispatch('prices.updateOverride', { id: 999, usd: '1' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const o = await call<Override>('prices.createOverride', { ...base, usd: '0.18', per: 1000, effectiveFrom: SEPT });
    expect(await dispatch('prices.updateOverride', { id: o.id, usd: '-1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await dispatch('prices.updateOverride', { id: o.id, per: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call<Override[]>('prices.overrides', {})).toEqual([o]);
  });

  it('the store throws AppError codes callers can act on', () => {
    const store = app.cost.pricer.overrides;
    const a = store.create({
      provider: 'apollo',
      model: '*',
      unit: 'credits',
      nanosPerBlock: 220_000,
      blockSize: 1,
      effectiveFrom: Date.parse(SEPT),
      note: '',
    });
    const b = store.create({
      provider: 'apollo',
      model: '*',
      unit: 'credits',
      nanosPerBlock: 250_000,
      blockSize: 1,
      effectiveFrom: Date.parse(OCT),
      note: '',
    });
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof AppError ? e.code : 'not an AppError';
      }
      return 'no error';
    };
    expect(codeOf(() => store.update(b.id, { effectiveFrom: a.effectiveFrom }))).toBe('conflict');
    expect(codeOf(() => store.update(12345, { note: 'x' }))).toBe('not_found');
    // Re-saving an override with its own date is not a clash with itself.
    expect(store.update(a.id, { effectiveFrom: a.effectiveFrom, note: 'same date' }).note).toBe('same date');
  });
});
