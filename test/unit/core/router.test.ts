import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { silentLogger } from '../../../main/core/logger';
import { assembleHandlers, createRouter, type Handlers, type Sender } from '../../../main/core/router';
import { isTrustedElectronSender } from '../../../main/core/security';
import type { SystemStatus } from '../../../preload/contract';

const trusted: Sender = { kind: 'electron', frameUrl: 'app://app/index.html', isMainFrame: true };

function makeRouter(overrides: Partial<Handlers> = {}) {
  const handlers = {
    'system.status': () => ({ bogus: true }) as unknown as SystemStatus,
    'system.ping': ({ echo }: { echo: string }) => ({ echo, at: new Date(0).toISOString() }),
    ...overrides,
  } as Handlers;
  return createRouter({ handlers, isTrustedSender: isTrustedElectronSender, logger: silentLogger });
}

describe('router', () => {
  it('dispatches a valid call and returns typed data', async () => {
    const r = await makeRouter().dispatch(trusted, 'system.ping', { echo: 'hi' });
    expect(r).toEqual({ ok: true, data: { echo: 'hi', at: '1970-01-01T00:00:00.000Z' } });
  });

  it('rejects input outside the schema with invalid_input naming the field', async () => {
    const r = await makeRouter().dispatch(trusted, 'system.ping', { echo: 42 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toContain('echo');
    }
  });

  it('rejects unknown keys (strict schemas)', async () => {
    const r = await makeRouter().dispatch(trusted, 'system.ping', { echo: 'x', extra: 1 });
    expect(r.ok).toBe(false);
  });

  it('rejects unknown channels, including prototype names', async () => {
    for (const ch of ['nope.nothing', '__proto__', 'constructor', 'toString']) {
      const r = await makeRouter().dispatch(trusted, ch, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('rejects forged senders: other origins, subframes, file://, web without auth', async () => {
    const router = makeRouter();
    const forged: Sender[] = [
      { kind: 'electron', frameUrl: 'https://evil.example/', isMainFrame: true },
      { kind: 'electron', frameUrl: 'app://app/index.html', isMainFrame: false },
      { kind: 'electron', frameUrl: 'file:///etc/passwd', isMainFrame: true },
      { kind: 'electron', frameUrl: 'app://app.evil/index.html', isMainFrame: true },
      { kind: 'web', authenticated: true },
    ];
    for (const s of forged) {
      expect(await router.dispatch(s, 'system.ping', { echo: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
  });

  it('maps AppError to its code and hides unexpected errors behind internal', async () => {
    const router = makeRouter({
      'system.ping': () => {
        throw new AppError('not_found', 'No such thing');
      },
      'system.status': () => {
        throw new Error('secret stack detail');
      },
    });
    expect(await router.dispatch(trusted, 'system.ping', { echo: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such thing' },
    });
    const r = await router.dispatch(trusted, 'system.status', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret stack detail');
  });

  it('refuses output outside the schema (nothing unvetted reaches the renderer)', async () => {
    const r = await makeRouter().dispatch(trusted, 'system.status', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('assembleHandlers fails on missing, unknown and duplicate handlers', () => {
    const ping = { 'system.ping': () => ({ echo: '', at: '' }) };
    expect(() => assembleHandlers(ping)).toThrow(/without a handler: system.status/);
    expect(() =>
      assembleHandlers({ ...ping, 'system.status': () => ({}) as SystemStatus }, { 'bogus.x': () => 1 } as never),
    ).toThrow(/unknown channel/);
    expect(() => assembleHandlers(ping, ping)).toThrow(/Two handlers/);
  });
});
