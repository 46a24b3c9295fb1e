// Alerts outside the window: a real gateway call crosses a budget threshold and main sends a desktop
// notification (captured by the injectable notifier), an email through the creator's SendGrid key and an
// SMS through their Twilio number (both ledgered calls), and a webhook POST. The digest uses the same channels.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NativeNotification } from '../../../main/alerts/notifier';
import { type AppServices, createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { createChatCompletion } from '../../../main/providers/openai/client';
import { type OpenAIFake, startOpenAIFake } from '../../../main/providers/openai/fake';
import { type SendGridFake, startSendGridFake } from '../../../main/providers/sendgrid/fake';
import {
  startTwilioFake,
  TWILIO_FAKE_ACCOUNT_SID,
  TWILIO_FAKE_AUTH_TOKEN,
  type TwilioFake,
} from '../../../main/providers/twilio/fake';
import { InMemorySecretStore } from '../../../main/vault/memory-store';

const SG_KEY = `SG.${'k'.repeat(22)}.${'s'.repeat(43)}`;
const OPENAI_KEY = `sk-proj-${'alerts'.padEnd(40, 'x')}`;

let dataDir: string;
let app: AppServices;
let openai: OpenAIFake;
let sendgrid: SendGridFake;
let twilio: TwilioFake;
let hook: Server;
let hookUrl: string;
const hookBodies: unknown[] = [];
const shown: NativeNotification[] = [];

beforeEach(async () => {
  [openai, sendgrid, twilio] = await Promise.all([
    startOpenAIFake({ apiKey: OPENAI_KEY }),
    startSendGridFake({ apiKey: SG_KEY, verifiedSenders: ['alerts@example.com'] }),
    startTwilioFake(),
  ]);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hookBodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => hook.listen(0, '127.0.0.1', ok));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/aicon`;
  dataDir = mkdtempSync(join(tmpdir(), 'aicon-alerts-'));
  app = createApp({
    dataDir,
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    secretStore: new InMemorySecretStore(),
    healthCheckIntervalMs: 0,
    notifier: { notify: (n) => void shown.push(n) },
  });
  for (const [provider, url] of [
    ['openai', `${openai.url}/v1`],
    ['sendgrid', sendgrid.url],
    ['twilio', twilio.url],
  ] as const)
    await app.router.call('integrations.setBaseUrl', { provider, url });
});

afterEach(async () => {
  await app.close();
  await Promise.all([openai.close(), sendgrid.close(), twilio.close()]);
  hook.close();
  rmSync(dataDir, { recursive: true, force: true });
  hookBodies.length = 0;
  shown.length = 0;
});

async function enableAllChannels() {
  const sg = await app.router.call('integrations.add', {
    provider: 'sendgrid',
    credential: { kind: 'api_key', apiKey: SG_KEY },
  });
  const tw = await app.router.call('integrations.add', {
    provider: 'twilio',
    credential: { kind: 'twilio_auth_token', accountSid: TWILIO_FAKE_ACCOUNT_SID, authToken: TWILIO_FAKE_AUTH_TOKEN },
  });
  await app.router.call('settings.update', {
    notifications: {
      native: true,
      email: { enabled: true, integrationId: sg.id, from: 'alerts@example.com', to: 'me@example.com' },
      sms: { enabled: true, integrationId: tw.id, from: '+15005550006', to: '+15551234567' },
      webhook: { enabled: true, url: hookUrl },
    },
  });
}

const ledgerRows = (provider: string) =>
  app.db
    .prepare('SELECT COUNT(*) AS n FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.provider = ?')
    .get(provider) as { n: number };

describe('budget alerts reach the creator outside the window', () => {
  it('a real call that crosses a threshold sends a notification from main, an email, an SMS and a webhook', async () => {
    await enableAllChannels();
    await app.router.call('budgets.create', {
      scope: 'provider',
      scopeId: 'openai',
      period: 'month',
      limitNanos: 1_000,
      mode: 'soft',
      thresholds: [50],
    });
    await createChatCompletion(
      app.providers.live,
      { secret: OPENAI_KEY },
      {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'hello' }],
        maxOutputTokens: 50,
      },
    );
    await app.providers.live.flush(); // the ledger row (and the threshold check) is written just after the call
    await app.alerts.close(); // waits for the deliveries in flight
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Budget passed 50%', target: 'budgets' });
    expect(shown[0]?.body).toMatch(/^provider openai \(month, \d{4}-\d{2}\): \$/);
    expect(sendgrid.state.sent).toEqual([
      expect.objectContaining({ from: 'alerts@example.com', recipients: 1, subject: 'Budget passed 50%' }),
    ]);
    expect(twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'))).toHaveLength(1);
    expect(hookBodies).toEqual([
      expect.objectContaining({ type: 'budget.alert', threshold: 50, title: 'Budget passed 50%' }),
    ]);
    // Email and SMS are calls like any other: in the ledger (next to the health checks that added the keys).
    const sent = app.db
      .prepare(
        `SELECT p.provider, p.endpoint FROM calls c JOIN call_profiles p ON p.id = c.profile_id
          WHERE p.endpoint IN ('mail.send', 'messages.create') ORDER BY p.provider`,
      )
      .all();
    expect(sent).toEqual([
      { provider: 'sendgrid', endpoint: 'mail.send' },
      { provider: 'twilio', endpoint: 'messages.create' },
    ]);
    const log = await app.router.call('alerts.deliveries', {});
    expect(log.deliveries.map((d) => [d.channel, d.ok, d.kind]).sort()).toEqual([
      ['email', true, 'alert'],
      ['native', true, 'alert'],
      ['sms', true, 'alert'],
      ['webhook', true, 'alert'],
    ]);
  });

  it('says what failed on each channel instead of failing silently', async () => {
    await app.router.call('settings.update', {
      notifications: {
        native: false,
        email: { enabled: true, integrationId: null, from: 'alerts@example.com', to: 'me@example.com' },
        sms: { enabled: false, integrationId: null, from: '', to: '' },
        webhook: { enabled: false, url: '' },
      },
    });
    const { deliveries } = await app.router.call('alerts.test', {});
    expect(deliveries).toEqual([expect.objectContaining({ channel: 'email', ok: false, kind: 'test' })]);
    expect(deliveries[0]?.detail).toMatch(/sendgrid/i);
    expect(ledgerRows('sendgrid').n).toBe(0);
  });

  it('refuses bad channel settings with a clear error and keeps the old ones', async () => {
    await expect(
      app.router.call('settings.update', {
        notifications: {
          native: true,
          email: { enabled: false, integrationId: null, from: '', to: '' },
          sms: { enabled: true, integrationId: null, from: '5551234', to: '+15551234567' },
          webhook: { enabled: false, url: '' },
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/E\.164/) });
    await expect(
      app.router.call('settings.update', {
        notifications: {
          native: true,
          email: { enabled: false, integrationId: null, from: '', to: '' },
          sms: { enabled: false, integrationId: null, from: '', to: '' },
          webhook: { enabled: true, url: 'http://example.com/hook' },
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/https/) });
    await expect(app.router.call('settings.update', { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await app.router.call('settings.get', {})).preferences.notifications.sms.enabled).toBe(false);
  });

  it('sends a spend digest by provider on the same channels', async () => {
    await enableAllChannels();
    await createChatCompletion(
      app.providers.live,
      { secret: OPENAI_KEY },
      {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'hello' }],
        maxOutputTokens: 50,
      },
    );
    await app.providers.live.flush();
    const { deliveries } = await app.router.call('alerts.digestNow', { period: 'daily' });
    expect(deliveries.every((d) => d.ok)).toBe(true);
    const body = hookBodies.at(-1) as { type: string; byProvider: Array<{ label: string }>; body: string };
    expect(body.type).toBe('digest');
    expect(body.byProvider.map((l) => l.label)).toContain('openai');
    expect(body.body).toMatch(/By provider:\n- (openai|sendgrid|twilio): \$/);
    // Due once a day: a second run right after does nothing.
    await app.router.call('settings.update', { digest: 'daily' });
    expect(await app.alerts.runDueDigest()).toBeNull();
  });
});
