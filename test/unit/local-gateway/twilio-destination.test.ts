// Twilio sends through the local gateway are priced per destination like the app's own: a +1 number outside the
// US and Canada (the Caribbean, Bermuda) is its own model ("sms:+1-876"), so under a hard budget it is refused,
// naming that model, until the user prices it; US territories go out at the US price.
import twilio from 'twilio';
import { beforeAll, describe, expect, it } from 'vitest';
import { BudgetRepository } from '../../../main/budgets/repository';
import { TWILIO_FAKE_ACCOUNT_SID } from '../../../main/providers/twilio/fake';
import { localGatewayFixture } from './harness';

const g = localGatewayFixture();

const client = () => {
  const c = twilio(TWILIO_FAKE_ACCOUNT_SID, g.secret);
  c.api.baseUrl = `${g.url}/twilio`;
  return c;
};
const send = (to: string) => client().messages.create({ to, from: '+15017122661', body: 'Hello from the gateway' });

describe('twilio through the local gateway under a hard budget', () => {
  beforeAll(() => {
    new BudgetRepository(g.app.db).create({
      scope: 'provider',
      scopeId: 'twilio',
      period: 'month',
      limitNanos: 1e12,
      mode: 'hard',
      thresholds: [50, 80, 100],
      enabled: true,
    });
  });

  it('a Jamaican +1 number without a price for its model is refused, naming sms:+1-876; nothing is sent', async () => {
    const before = g.rows("p.provider = 'twilio'").length;
    const e = (await send('+18765550123').catch((x: unknown) => x)) as { status?: number; message?: string };
    expect(e.status).toBe(429);
    expect(e.message).toContain('"sms:+1-876"');
    expect(g.rows("p.provider = 'twilio'")).toHaveLength(before);
  });

  it('once the user prices sms:+1-876 it goes out, ledgered under that model', async () => {
    await g.app.router.call('prices.createOverride', {
      provider: 'twilio',
      model: 'sms:+1-876',
      unit: 'segments',
      usd: '0.11',
      per: 1,
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
    const m = await send('+18765550124');
    expect(m.sid).toMatch(/^SM/);
    const row = g.last('twilio');
    expect(row.model).toBe('sms:+1-876');
    expect(row.cost_nanos).toBe(110_000_000);
  });

  it('a Puerto Rico number is priced as the US', async () => {
    await send('+17875550123');
    expect(g.last('twilio')).toMatchObject({ model: 'sms', cost_nanos: 8_300_000 });
  });
});
