// None of the ten providers documents an idempotency key for the paid operations the app sends (see each
// descriptor), so a resumed job relies on the write-ahead ledger's send-once key: a job's paid, non-idempotent step
// that went out before a restart is not sent again by the resumed job, on every provider with such steps. Each
// answer from a fake is counted. Real clients and gateway, a real restart on the same data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import type { GatewayService } from '../../../main/gateway/gateway';
import type { ProviderId } from '../../../main/gateway/types';
import { matchPerson } from '../../../main/providers/apollo/client';
import { startDemoProviders } from '../../../main/providers/demo';
import { generateVideoV3 } from '../../../main/providers/heygen/client';
import type { DemoProviders } from '../../../main/providers/registry';
import { sendMail } from '../../../main/providers/sendgrid/client';
import { sendSms } from '../../../main/providers/twilio/client';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-once-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The app over the demo fakes, counting the answers it gets per provider. */
async function start(dataDir: string): Promise<{ app: AppServices; received: Map<ProviderId, number> }> {
  const demo: DemoProviders = await startDemoProviders();
  const received = new Map<ProviderId, number>();
  const app = createApp({
    dataDir,
    mode: 'web',
    demo: true,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    reconcileIntervalMs: 0,
  });
  app.providers.attachDemo(demo);
  // Counted where the gateway parses an answer: a request that was never sent has none.
  for (const provider of ['twilio', 'sendgrid', 'heygen', 'apollo'] as const) {
    const gateway = (await app.providers.target(provider)).gateway;
    const json = gateway.json.bind(gateway);
    gateway.json = (req, parse) =>
      json(req, (body, meta) => {
        received.set(provider, (received.get(provider) ?? 0) + 1);
        return parse(body, meta);
      });
  }
  return { app, received };
}

type Step = (app: AppServices, jobId: string) => Promise<unknown>;
const STEPS: [ProviderId, string, Step][] = [
  [
    'twilio',
    'messages.create',
    async (app, jobId) => {
      const t = await app.providers.target('twilio');
      return sendSms(t.gateway, t.credential, { to: '+14155550100', from: '+14155550199', body: 'Hi', jobId });
    },
  ],
  [
    'sendgrid',
    'mail.send',
    async (app, jobId) => {
      const t = await app.providers.target('sendgrid');
      return sendMail(
        t.gateway,
        t.credential,
        {
          personalizations: [{ to: [{ email: 'fan@example.com' }] }],
          from: { email: 'orders@example.com' },
          subject: 'New episode',
          content: [{ type: 'text/plain', value: 'Out now.' }],
        },
        { jobId },
      );
    },
  ],
  [
    'heygen',
    'videos.create',
    async (app, jobId) => {
      const t = await app.providers.target('heygen');
      return generateVideoV3(
        t.gateway,
        t.credential,
        {
          type: 'avatar',
          avatar_id: 'Daisy-inskirt-20220818',
          script: 'A short line.',
          voice_id: '1bd001e7e50f421d891986aad5158bc8',
        },
        { jobId },
      );
    },
  ],
  [
    'apollo',
    'people.match',
    async (app, jobId) => {
      const t = await app.providers.target('apollo');
      return matchPerson(
        t.gateway,
        t.credential,
        { first_name: 'Tim', last_name: 'Zheng', domain: 'apollo.io' },
        {},
        {
          jobId,
        },
      );
    },
  ],
];

describe('a job resumed after a restart', () => {
  it.each(STEPS)('%s %s: the step it already sent is not sent or paid again', async (provider, endpoint, step) => {
    const dataDir = join(dir, provider);
    const jobId = `job-${provider}-1`;
    const first = await start(dataDir);
    await step(first.app, jobId);
    await ((await first.app.providers.target(provider)).gateway as GatewayService).flush();
    expect(first.received.get(provider)).toBe(1);
    await first.app.close();

    // The restart resumes the job at the same step: refused before it leaves, naming what to check.
    const second = await start(dataDir);
    await expect(step(second.app, jobId)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/may already have been sent.*Check the provider/),
    });
    expect(second.received.get(provider) ?? 0).toBe(0);
    const rows = second.app.db
      .prepare(
        'SELECT COUNT(*) AS n FROM calls c JOIN call_profiles p ON p.id = c.profile_id WHERE p.provider = ? AND p.endpoint = ?',
      )
      .get(provider, endpoint) as { n: number };
    expect(rows.n).toBe(1);
    // Another job sending the same thing is a new step: it goes out.
    await step(second.app, `job-${provider}-2`);
    expect(second.received.get(provider)).toBe(1);
    await second.app.close();
  });
});
