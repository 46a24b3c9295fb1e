import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  checkSendGridHealth,
  classifySendGridError,
  countRecipients,
  meterMailSend,
  sendGridRateLimitHint,
  sendMail,
  sendgridDescriptor,
  type SendGridMail,
} from '../../../../main/providers/sendgrid';
import { SENDGRID_FAKE_KEY, startSendGridFake } from '../../../../main/providers/sendgrid/fake';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('sendgrid');
const key: Credential = { secret: SENDGRID_FAKE_KEY };
const simple: SendGridMail = {
  personalizations: [{ to: [{ email: 'fan@example.com' }] }],
  from: { email: 'orders@example.com' },
  subject: 'Hi',
  content: [{ type: 'text/plain', value: 'Hello' }],
};

describe('SendGrid recorded examples and errors', () => {
  it('ships byte-identical copies of every recorded example', () => {
    expectShippedCopies([
      'error-400.json',
      'error-401.json',
      'error-403.json',
      'error-413.json',
      'error-429.json',
      'post-v3-mail-send.request.dynamic-template.json',
      'post-v3-mail-send.request.no-template.json',
    ]);
  });

  it('maps every recorded error body (the string "null" field is not shown)', () => {
    const cases: Array<[number, string, string, boolean, string | null]> = [
      [400, 'error-400.json', 'bad_request', false, null],
      [401, 'error-401.json', 'auth', false, null],
      [403, 'error-403.json', 'permission', false, null],
      [413, 'error-413.json', 'bad_request', false, 'content_too_large'],
      [429, 'error-429.json', 'rate_limited', true, null],
    ];
    for (const [status, name, kind, retryable, code] of cases) {
      const e = classifySendGridError(status, { 'x-ratelimit-reset': '0' }, exampleText(name));
      expect([e.kind, e.retryable, e.providerCode], name).toEqual([kind, retryable, code]);
    }
    expect(classifySendGridError(401, {}, exampleText('error-401.json')).message).toBe('authorization required');
    expect(classifySendGridError(400, {}, '{"errors":[{"message":"is required","field":"from"}]}').message).toBe(
      'from: is required',
    );
    expect(classifySendGridError(500, {}, '')).toMatchObject({ kind: 'server', retryable: true });
  });

  it('reads X-RateLimit headers (reset in epoch seconds) and authenticates with Bearer', () => {
    expect(
      sendGridRateLimitHint({
        'x-ratelimit-limit': '600',
        'x-ratelimit-remaining': '599',
        'x-ratelimit-reset': '1700000000',
      }),
    ).toEqual({ requestsRemaining: 599, requestsResetAt: 1_700_000_000_000 });
    expect(sendGridRateLimitHint({})).toBeNull();
    expect(sendgridDescriptor.authHeaders({ secret: 'SG.x.y' })).toEqual({ authorization: 'Bearer SG.x.y' });
  });

  it('counts recipients of the recorded request bodies', () => {
    expect(countRecipients(example('post-v3-mail-send.request.no-template.json') as SendGridMail)).toBe(6);
    expect(countRecipients(example('post-v3-mail-send.request.dynamic-template.json') as SendGridMail)).toBe(2);
  });

  it('accepts only a 202 with an empty body and an X-Message-Id', () => {
    const ok = meterMailSend(
      null,
      { status: 202, headers: { 'x-message-id': 'LrnZRsWQTPy-ItZ3IJR2vQ' }, attempt: 1 },
      3,
    );
    expect(ok).toEqual({
      value: { messageId: 'LrnZRsWQTPy-ItZ3IJR2vQ', recipients: 3 },
      units: { credits: 3 },
      model: 'mail.send',
      providerRequestId: 'LrnZRsWQTPy-ItZ3IJR2vQ',
      meta: { recipients: 3 },
    });
    expect(() => meterMailSend(null, { status: 202, headers: {}, attempt: 1 }, 1)).toThrow(
      expect.objectContaining({ kind: 'malformed_response' }),
    );
    expect(() => meterMailSend({ id: 1 }, { status: 200, headers: { 'x-message-id': 'x' }, attempt: 1 }, 1)).toThrow(
      expect.objectContaining({ kind: 'malformed_response' }),
    );
  });
});

describe('SendGrid through the gateway against the fake', () => {
  const t = useFakeGateway(startSendGridFake, (fake) => ({ sendgrid: fake.url }));

  it('health lists scopes for free and learns the rate-limit window', async () => {
    const r = await checkSendGridHealth(t.gw.gateway, key);
    expect(r.value).toEqual({ scopes: ['mail.send', 'scopes.read', 'user.profile.read'], canSendMail: true });
    expect((await t.gw.rows())[0]?.costNanos).toBe(0);
    expect(t.gw.limiter.learned[0]?.requestsRemaining).toBe(599);
  });

  it('sends the recorded request bodies: 202, empty body, X-Message-Id kept', async () => {
    const r = await sendMail(t.gw.gateway, key, example('post-v3-mail-send.request.no-template.json') as SendGridMail);
    expect(r.value.messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r.value.recipients).toBe(6);
    expect(t.fake.state.sent[0]).toEqual({
      messageId: r.value.messageId,
      from: 'orders@example.com',
      recipients: 6,
      subject: 'Your Example Order Confirmation',
    });
    expect((await t.gw.rows())[0]).toMatchObject({
      status: 202,
      providerRequestId: r.value.messageId,
      units: { credits: 6 },
      responseBytes: 0,
    });
    expect(
      (await sendMail(t.gw.gateway, key, example('post-v3-mail-send.request.dynamic-template.json') as SendGridMail))
        .value.recipients,
    ).toBe(2);
  });

  it('never retries a send: 5xx and 429 surface at once', async () => {
    const send = () => sendMail(t.gw.gateway, key, simple);
    await expectFault(t.fake, serverError(503), { path: '/v3/mail/send' }, send, 'server');
    await expectFault(
      t.fake,
      tooManyRequests(exampleText('error-429.json')),
      { path: '/v3/mail/send' },
      send,
      'rate_limited',
    );
    expect(t.fake.requests).toHaveLength(2);
    expect(t.fake.state.sent).toHaveLength(0);
  });

  it('an unverified sender is a 403 permission error; a wrong key the recorded 401', async () => {
    expect(
      await failure(sendMail(t.gw.gateway, key, { ...simple, from: { email: 'nobody@example.org' } })),
    ).toMatchObject({ kind: 'permission', message: 'access forbidden' });
    expect(await failure(sendMail(t.gw.gateway, { secret: 'SG.wrong.key' }, simple))).toMatchObject({
      kind: 'auth',
      message: 'authorization required',
    });
  });

  it('retries health on 429 + Retry-After; malformed and hung answers are typed', async () => {
    const health = () => checkSendGridHealth(t.gw.gateway, key);
    await expectRetriedPast(t.fake, [tooManyRequests(exampleText('error-429.json'))], { path: '/v3/scopes' }, health);
    await expectFault(t.fake, { type: 'malformed_json' }, { path: '/v3/scopes' }, health, 'malformed_response');
    await expectFault(
      t.fake,
      { type: 'hang' },
      { path: '/v3/mail/send' },
      () => sendMail(t.gw.gateway, key, simple, { timeoutMs: 200 }),
      'timeout',
    );
  });

  it('refuses mails without content or over the recipient limit before sending', async () => {
    expect((await failure(sendMail(t.gw.gateway, key, { ...simple, content: [] }))).providerCode).toBe(
      'missing_content',
    );
    const many = {
      ...simple,
      personalizations: [{ to: Array.from({ length: 1001 }, (_, i) => ({ email: `u${i}@example.com` })) }],
    };
    expect((await failure(sendMail(t.gw.gateway, key, many))).kind).toBe('limit_exceeded');
    expect(t.fake.requests).toHaveLength(0);
  });

  it('a spent rate-limit window answers the recorded 429', async () => {
    await t.restart({ rateLimit: 1 });
    await sendMail(t.gw.gateway, key, simple);
    const e = await failure(sendMail(t.gw.gateway, key, simple));
    expect([e.kind, e.message]).toEqual(['rate_limited', 'too many requests']);
  });
});
