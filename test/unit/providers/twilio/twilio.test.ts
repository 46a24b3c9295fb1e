import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  checkTwilioHealth,
  classifyTwilioError,
  countSegments,
  getCall,
  getMessage,
  getUsageRecords,
  listMessages,
  meterMessageSend,
  parseAccount,
  parseCall,
  parseMessage,
  parseMessagePage,
  parseUsagePage,
  sendSms,
  settlementFor,
  startCall,
  twilioBasicAuth,
  twilioDescriptor,
} from '../../../../main/providers/twilio';
import {
  TWILIO_FAKE_ACCOUNT_SID,
  TWILIO_FAKE_AUTH_TOKEN,
  startTwilioFake,
} from '../../../../main/providers/twilio/fake';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('twilio');
const key: Credential = { secret: TWILIO_FAKE_AUTH_TOKEN, accountId: TWILIO_FAKE_ACCOUNT_SID };
const FROM = '+14155552345';

describe('Twilio recorded examples', () => {
  it('ships byte-identical copies of every recorded example', () => {
    expectShippedCopies([
      'error-400-20001.sdk-fixture.json',
      'error-401-20003.RECONSTRUCTED.json',
      'error-429-20429.serverless-v1-observed.json',
      'get-account.200.json',
      'get-messages-list.200.json',
      'get-usage-records.200.json',
      'post-calls.201.json',
      'post-messages.201.json',
      'post-messages.201.queued.json',
    ]);
  });

  it('meters a send: string counts become numbers, price null means an estimate keyed by sid', () => {
    const m = meterMessageSend(example('post-messages.201.json'), countSegments('Hello! 👍'), false);
    expect(m.value).toMatchObject({
      sid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      status: 'sent',
      body: 'Hello! \\ud83d\\udc4d',
      numSegments: 1,
      numMedia: 0,
      price: null,
      priceUnit: null,
      messagingServiceSid: 'MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      dateCreated: 'Thu, 30 Jul 2015 20:12:31 +0000',
    });
    expect(m).toMatchObject({
      units: { segments: 1 },
      estimated: true,
      model: 'sms',
      providerRequestId: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      meta: { encoding: 'UCS-2', computed_segments: 1 },
    });
    expect(parseMessage(example('post-messages.201.queued.json')).value.status).toBe('queued');
    expect(settlementFor(m.value)).toBeNull();
  });

  it('settles listed messages from their negative price strings', () => {
    const page = parseMessagePage(example('get-messages-list.200.json')).value;
    expect(page.nextPageUri).toBeNull();
    expect(page.items.map((m) => [m.sid, m.price, m.numMedia, m.errorCode])).toEqual([
      ['SMded05904ccb347238880ca9264e8fe1c', '-0.00750', 0, null],
      ['MMc26223853f8c46b4ab7dfaa6abba0a26', '-0.00750', 3, 30004],
    ]);
    expect(settlementFor(page.items[0]!)).toEqual({
      provider: 'twilio',
      providerRequestId: 'SMded05904ccb347238880ca9264e8fe1c',
      units: { segments: 1 },
      reportedCostNanos: 7_500_000,
      meta: { price: '-0.00750', price_unit: 'USD', status: 'sent' },
    });
  });

  it('settles a call from duration and price', () => {
    const call = parseCall(example('post-calls.201.json')).value;
    expect(call).toMatchObject({
      sid: 'CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      status: 'completed',
      durationSeconds: 15,
      price: '-0.03000',
      priceUnit: 'USD',
    });
    expect(settlementFor(call)).toMatchObject({ units: { minutes: 1 }, reportedCostNanos: 30_000_000 });
    expect(settlementFor({ ...call, priceUnit: 'EUR' })).toMatchObject({ currency: 'EUR', units: { minutes: 1 } });
    expect(settlementFor({ ...call, priceUnit: 'EUR' })?.reportedCostNanos).toBeUndefined();
  });

  it('parses the account without keeping its auth_token', () => {
    const a = parseAccount(example('get-account.200.json'));
    expect(a.value).toEqual({
      sid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      friendlyName: 'friendly_name',
      status: 'active',
      type: 'Full',
    });
    expect(JSON.stringify(a)).not.toContain('auth_token');
    expect(a.free).toBe(true);
  });

  it('parses usage records whose price is a string (the spec says number)', () => {
    const page = parseUsagePage(example('get-usage-records.200.json')).value;
    expect(page.items).toEqual([
      {
        category: 'totalprice',
        description: 'Total Price',
        startDate: '2011-08-23',
        endDate: '2015-09-04',
        count: null,
        countUnit: null,
        usage: 2192.84855,
        usageUnit: 'usd',
        priceNanos: 2_192_848_550_000,
        price: '2192.84855',
        priceUnit: 'usd',
        asOf: '2019-06-24T22:32:49+00:00',
      },
    ]);
    expect(
      parseUsagePage({ usage_records: [{ category: 'sms', price: 1.25, price_unit: 'usd' }], next_page_uri: null })
        .value.items[0]?.priceNanos,
    ).toBe(1_250_000_000);
  });
});

describe('Twilio errors, auth and segments', () => {
  it('maps the recorded error bodies, including the camelCase serverless 429', () => {
    expect(classifyTwilioError(400, {}, exampleText('error-400-20001.sdk-fixture.json'))).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      providerCode: '20001',
      message: 'Bad request',
    });
    expect(classifyTwilioError(401, {}, exampleText('error-401-20003.RECONSTRUCTED.json'))).toMatchObject({
      kind: 'auth',
      retryable: false,
      providerCode: '20003',
    });
    const limited = classifyTwilioError(429, {}, exampleText('error-429-20429.serverless-v1-observed.json'));
    expect(limited).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      providerCode: '20429',
      message: 'Too many requests: Too many requests for the associated account being sent.',
    });
    expect(
      classifyTwilioError(400, {}, '{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}'),
    ).toMatchObject({ kind: 'bad_request', providerCode: '21610' });
    expect(classifyTwilioError(503, {}, '<html>Service Unavailable</html>')).toMatchObject({
      kind: 'server',
      retryable: true,
    });
  });

  it('authenticates with Basic Account SID + token, or API key SID + secret', () => {
    expect(twilioDescriptor.authHeaders(key)).toEqual({
      authorization: `Basic ${Buffer.from(`${TWILIO_FAKE_ACCOUNT_SID}:${TWILIO_FAKE_AUTH_TOKEN}`).toString('base64')}`,
    });
    expect(twilioBasicAuth({ secret: 's3cret', accountId: TWILIO_FAKE_ACCOUNT_SID, keyId: 'SKbbbb' })).toBe(
      `Basic ${Buffer.from('SKbbbb:s3cret').toString('base64')}`,
    );
    expect(twilioDescriptor.rateLimitHint({ 'twilio-concurrent-requests': '3' }, 0)).toEqual({
      concurrency: { current: 3 },
    });
  });

  it('counts segments: GSM-7 160/153 with two-septet extensions, UCS-2 70/67 without splitting pairs', () => {
    expect(countSegments('hello')).toEqual({ encoding: 'GSM-7', units: 5, segments: 1 });
    expect(countSegments('a'.repeat(160)).segments).toBe(1);
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    expect(countSegments(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    // 306 septets fit two parts only if the € (2 septets) could straddle the 153 boundary: it cannot.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(countSegments('ş'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments('ş'.repeat(71)).segments).toBe(2);
    expect(countSegments('👍'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`${'ş'.repeat(66)}👍${'ş'.repeat(10)}`).segments).toBe(2);
    expect(countSegments('ş'.repeat(134)).segments).toBe(2);
    expect(countSegments('ş'.repeat(135)).segments).toBe(3);
  });
});

describe('Twilio through the gateway against the fake', () => {
  const t = useFakeGateway(startTwilioFake, (fake) => ({ twilio: fake.url }));

  it('health fetches the account for free', async () => {
    const r = await checkTwilioHealth(t.gw.gateway, key);
    expect(r.value).toMatchObject({ sid: TWILIO_FAKE_ACCOUNT_SID, status: 'active' });
    expect((await t.gw.rows())[0]).toMatchObject({ costNanos: 0, endpoint: 'account.fetch' });
  });

  it('sends a form-encoded SMS, ledgers the segment estimate, then settles from the late price', async () => {
    const sent = await sendSms(t.gw.gateway, key, { to: '+14155550100', from: FROM, body: 'a'.repeat(200) });
    expect(sent.value).toMatchObject({ status: 'queued', numSegments: 2, price: null });
    expect(t.fake.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect((await t.gw.rows())[0]).toMatchObject({
      units: { segments: 2 },
      costSource: 'estimated',
      providerRequestId: sent.value.sid,
      model: 'sms',
    });
    const first = await getMessage(t.gw.gateway, key, sent.value.sid);
    expect(settlementFor(first.value)).toBeNull();
    const later = await getMessage(t.gw.gateway, key, sent.value.sid);
    expect(later.value).toMatchObject({ status: 'delivered', price: '-0.01660', priceUnit: 'USD' });
    expect(settlementFor(later.value)).toMatchObject({
      providerRequestId: sent.value.sid,
      units: { segments: 2 },
      reportedCostNanos: 16_600_000,
    });
  });

  it('never retries a send or a call start, even on a retryable 20429 or 5xx', async () => {
    const limited = tooManyRequests({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    const e = await expectFault(
      t.fake,
      limited,
      { method: 'POST' },
      () => sendSms(t.gw.gateway, key, { to: '+14155550100', from: FROM, body: 'hi' }),
      'rate_limited',
    );
    expect(e.retryable).toBe(true);
    await expectFault(
      t.fake,
      serverError(502),
      { method: 'POST' },
      () => startCall(t.gw.gateway, key, { to: '+14155550100', from: FROM, url: 'https://example.com/twiml' }),
      'server',
    );
    expect(t.fake.requests).toHaveLength(2);
    expect(t.fake.state.messages.size + t.fake.state.calls.size).toBe(0);
  });

  it('starts a call and settles it from the priced call', async () => {
    const call = await startCall(t.gw.gateway, key, {
      to: '+14155550100',
      from: FROM,
      twiml: '<Response><Say>Hi</Say></Response>',
      timeLimit: 60,
    });
    expect(call.value).toMatchObject({ status: 'queued', durationSeconds: null, price: null });
    expect((await t.gw.rows())[0]).toMatchObject({ units: { minutes: 1 }, costSource: 'estimated', model: 'voice' });
    await getCall(t.gw.gateway, key, call.value.sid);
    const done = (await getCall(t.gw.gateway, key, call.value.sid)).value;
    expect(settlementFor(done)).toMatchObject({ units: { minutes: 1 }, reportedCostNanos: 14_000_000 });
  });

  it('follows next_page_uri through every page', async () => {
    for (const n of [1, 2, 3])
      await sendSms(t.gw.gateway, key, { to: '+14155550100', from: FROM, body: `message ${n}` });
    const list = await listMessages(t.gw.gateway, key, { pageSize: 2 });
    expect(list.pages).toBe(3);
    expect(list.items.map((m) => m.body)).toEqual([
      'message 3',
      'message 2',
      'message 1',
      'testing',
      'look mom I have media!',
    ]);
    expect(list.nextPageUri).toBeNull();
    expect(t.fake.requests.filter((r) => r.method === 'GET').map((r) => r.query)).toEqual([
      '?PageSize=2',
      '?PageSize=2&Page=1',
      '?PageSize=2&Page=2',
    ]);
    const capped = await listMessages(t.gw.gateway, key, { pageSize: 2, maxPages: 1 });
    expect([capped.items.length, capped.nextPageUri?.endsWith('Page=1')]).toEqual([2, true]);
  });

  it('reads usage records', async () => {
    const r = await getUsageRecords(t.gw.gateway, key, { category: 'totalprice', period: 'AllTime' });
    expect(r.items[0]?.priceNanos).toBe(2_192_848_550_000);
    expect(t.fake.requests[0]?.path).toBe(`/2010-04-01/Accounts/${TWILIO_FAKE_ACCOUNT_SID}/Usage/Records/AllTime.json`);
  });

  it('answers a bad token with the recorded 20003 and accepts an API key', async () => {
    expect(await failure(checkTwilioHealth(t.gw.gateway, { ...key, secret: 'wrongtoken0123456789' }))).toMatchObject({
      kind: 'auth',
      providerCode: '20003',
    });
    await t.restart({ apiKey: { sid: `SK${'b'.repeat(32)}`, secret: 'apikeysecret0123456789' } });
    const r = await checkTwilioHealth(t.gw.gateway, {
      secret: 'apikeysecret0123456789',
      accountId: TWILIO_FAKE_ACCOUNT_SID,
      keyId: `SK${'b'.repeat(32)}`,
    });
    expect(r.value.status).toBe('active');
  });

  it('refuses bad input before sending, and surfaces Twilio validation errors', async () => {
    expect((await failure(checkTwilioHealth(t.gw.gateway, { secret: 'x' }))).providerCode).toBe('missing_account_sid');
    expect((await failure(sendSms(t.gw.gateway, key, { to: '555-0100', from: FROM, body: 'x' }))).providerCode).toBe(
      'invalid_to',
    );
    expect(
      (await failure(sendSms(t.gw.gateway, key, { to: '+14155550100', from: FROM, body: 'x'.repeat(1601) }))).kind,
    ).toBe('limit_exceeded');
    expect((await failure(startCall(t.gw.gateway, key, { to: '+14155550100', from: FROM }))).providerCode).toBe(
      'invalid_call_instructions',
    );
    expect(t.fake.requests).toHaveLength(0);
    const e = await failure(
      sendSms(t.gw.gateway, key, {
        to: '+14155550100',
        messagingServiceSid: '',
        from: '',
        mediaUrls: ['https://example.com/a.png'],
      }),
    );
    expect(e.providerCode).toBe('missing_from');
  });

  it('retries lookups on 429 and 5xx; malformed and hung lookups are typed', async () => {
    const sent = await sendSms(t.gw.gateway, key, { to: '+14155550100', from: FROM, body: 'hi' });
    const lookup = () => getMessage(t.gw.gateway, key, sent.value.sid);
    const storm = [
      tooManyRequests({ code: 20429, message: 'Too Many Requests', status: 429 }),
      serverError(500, { code: 20500, message: 'Internal Server Error', status: 500 }),
    ];
    await expectRetriedPast(t.fake, storm, { method: 'GET' }, lookup);
    await expectFault(t.fake, { type: 'malformed_json' }, { method: 'GET' }, lookup, 'malformed_response');
    await expectFault(
      t.fake,
      { type: 'hang' },
      { method: 'GET' },
      () => getMessage(t.gw.gateway, key, sent.value.sid, { timeoutMs: 200 }),
      'timeout',
    );
  });
});
