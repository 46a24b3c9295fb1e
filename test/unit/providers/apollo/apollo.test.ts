import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../../main/gateway/types';
import {
  apolloDescriptor,
  apolloRateLimitHint,
  bulkMatchPeople,
  checkApolloHealth,
  classifyApolloError,
  classifyApolloSuccessBody,
  enrichOrganization,
  getApiUsageStats,
  getCreditUsage,
  matchPerson,
  parseApiUsageStats,
  parseBulkMatch,
  parseCreditUsage,
  parseOrganizationEnrich,
  parseOrganizationSearch,
  parsePeopleSearch,
  parsePersonMatch,
  searchOrganizations,
  searchPeople,
} from '../../../../main/providers/apollo';
import { APOLLO_401_TEXT, APOLLO_FAKE_KEY, startApolloFake } from '../../../../main/providers/apollo/fake';
import {
  expectFault,
  expectRetriedPast,
  failure,
  recordedExamples,
  serverError,
  tooManyRequests,
  useFakeGateway,
} from '../shared/media-kit';

const { json: example, text: exampleText, expectShippedCopies } = recordedExamples('apollo');
const key: Credential = { secret: APOLLO_FAKE_KEY };

describe('Apollo recorded examples', () => {
  it('ships byte-identical copies of the recorded examples (and the 401 text)', () => {
    expectShippedCopies([
      'error-400-bulk_match-RECORD_LIMIT_EXCEEDED.json',
      'error-403-API_INACCESSIBLE.json',
      'error-403-paid-plan-only.json',
      'error-422-invalid-parameters.json',
      'error-422-missing-domain.json',
      'error-429.json',
      'get-organizations-enrich.200.json',
      'post-mixed_companies-search.200.json',
      'post-mixed_people-api_search.200.json',
      'post-people-bulk_match.200.json',
      'post-people-match.200.json',
      'post-usage_stats-api_usage_stats.200.cleaned.json',
      'post-usage_stats-credit_usage_stats.200.json',
    ]);
    expect(APOLLO_401_TEXT).toBe(exampleText('error-401.txt').trim());
  });

  it('People API Search: 0 credits, obfuscated names', () => {
    const m = parsePeopleSearch(example('post-mixed_people-api_search.200.json'));
    expect(m.value.totalEntries).toBe(232764882);
    expect(m.value.people).toHaveLength(10);
    expect(m.value.people[0]).toEqual({
      id: '67bdafd0c3a4c50001bbd7c2',
      firstName: 'Andrew',
      lastNameObfuscated: 'Hu***n',
      title: 'Professor and Neuroscientist at Stanford & Host',
      organizationName: 'Scicomm Media',
      hasEmail: true,
      hasDirectPhone: 'Yes',
      lastRefreshedAt: '2025-11-04T23:20:32.690+00:00',
    });
    expect([m.units, m.free]).toEqual([{ credits: 0 }, true]);
  });

  it('organization search: 1 credit per page', () => {
    const m = parseOrganizationSearch(example('post-mixed_companies-search.200.json'));
    expect(m.value).toMatchObject({ page: 1, perPage: 2, totalEntries: 1184, totalPages: 592, accounts: [] });
    expect(m.value.organizations.map((o) => [o.id, o.name, o.primaryDomain, o.foundedYear])).toEqual([
      ['615d029256de500001bdb460', 'Nikkei Asia', 'nikkei.com', 1876],
      ['55f1fcddf3e5bb0be2000a92', 'Mitsui & Co., Ltd.', 'mitsui.com', 1947],
    ]);
    expect(m.units).toEqual({ credits: 1 });
  });

  it('people match: estimated 1 credit for a person without phones; the 19-digit request id kept as text', () => {
    const m = parsePersonMatch(example('post-people-match.200.json'));
    expect(m.value.person).toMatchObject({
      id: '64a7ff0cc4dfae00013df1a5',
      name: 'Tim Zheng',
      email: 'tim@apollo.io',
      emailStatus: 'verified',
      title: 'Founder & CEO',
      organizationName: 'Apollo.io',
      phoneNumbers: [],
    });
    expect(m.value.waterfallStatus).toBe('accepted');
    expect([m.units, m.estimated]).toEqual([{ credits: 1 }, true]);
    // JSON numbers past 2^53 lose their last digits; the text form is what survives.
    expect(m.providerRequestId).toBe(String(1039995589705121900));
    expect(parsePersonMatch({ person: null, request_id: 5 }).units).toEqual({ credits: 0 });
  });

  it('bulk match: credits_consumed as reported', () => {
    const m = parseBulkMatch(example('post-people-bulk_match.200.json'));
    expect(m.value).toMatchObject({ creditsConsumed: 3, totalRequested: 3, uniqueEnriched: 3, missingRecords: 0 });
    expect(m.value.matches.map((p) => p?.name)).toEqual(['Marcus Ellery', 'Brian Calderwood', 'Nadia Calloway']);
    expect([m.units, m.estimated]).toEqual([{ credits: 3 }, undefined]);
    expect(classifyApolloSuccessBody(200, example('post-people-bulk_match.200.json'))).toBeNull();
  });

  it('organization enrich: 1 credit', () => {
    const m = parseOrganizationEnrich(example('get-organizations-enrich.200.json'));
    expect(m.value).toMatchObject({
      id: '5e66b6381e05b4008c8331b8',
      name: 'Apollo.io',
      primaryDomain: 'apollo.io',
      industry: 'information technology & services',
      estimatedEmployees: 1600,
      annualRevenue: 100000000,
      foundedYear: 2015,
    });
    expect(m.units).toEqual({ credits: 1 });
    expect(parseOrganizationEnrich({ organization: null }).units).toEqual({ credits: 0 });
  });

  it('API usage stats: fifty endpoints with three windows each; the verbatim example is invalid JSON', () => {
    const rows = parseApiUsageStats(example('post-usage_stats-api_usage_stats.200.cleaned.json')).value;
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({
      endpoint: 'api/v1/contacts',
      action: 'search',
      minute: { limit: 200, consumed: 10, leftOver: 200 },
      hour: { limit: 600, consumed: 5, leftOver: 600 },
      day: { limit: 6000, consumed: 500, leftOver: 6000 },
    });
    expect(rows.find((r) => r.endpoint === 'api/v1/people' && r.action === 'match')).toBeDefined();
    expect(() => JSON.parse(exampleText('post-usage_stats-api_usage_stats.200.verbatim-invalid.txt'))).toThrow();
  });

  it('credit usage stats', () => {
    const m = parseCreditUsage(example('post-usage_stats-credit_usage_stats.200.json'));
    expect(Object.keys(m.value.credits)).toHaveLength(10);
    expect(m.value.credits.lead_credit).toEqual({ limit: 10000, consumed: 2500, leftOver: 7500 });
    expect([m.value.cycleStart, m.value.cycleEnd]).toEqual(['2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z']);
    expect(m.meta).toEqual({ lead_credits_left: 7500 });
  });
});

describe('Apollo errors and rate windows', () => {
  it('maps every recorded error body', () => {
    expect(classifyApolloError(401, { 'content-type': 'text/plain' }, exampleText('error-401.txt'))).toMatchObject({
      kind: 'auth',
      retryable: false,
      message: APOLLO_401_TEXT,
    });
    expect(classifyApolloError(403, {}, exampleText('error-403-API_INACCESSIBLE.json'))).toMatchObject({
      kind: 'permission',
      retryable: false,
      providerCode: 'API_INACCESSIBLE',
    });
    expect(classifyApolloError(403, {}, exampleText('error-403-paid-plan-only.json'))).toMatchObject({
      kind: 'permission',
      message: 'This endpoint is only available to Apollo users on paid plans.',
    });
    expect(classifyApolloError(422, {}, exampleText('error-422-invalid-parameters.json'))).toMatchObject({
      kind: 'bad_request',
      message: 'Invalid parameters',
    });
    expect(classifyApolloError(422, {}, exampleText('error-422-missing-domain.json'))).toMatchObject({
      kind: 'bad_request',
      message: "Required parameter 'domain' missing",
    });
    expect(classifyApolloError(400, {}, exampleText('error-400-bulk_match-RECORD_LIMIT_EXCEEDED.json'))).toMatchObject({
      kind: 'bad_request',
      providerCode: 'RECORD_LIMIT_EXCEEDED',
      message: 'cannot enrich more than 10 in a single request',
    });
    const limited = classifyApolloError(429, { 'retry-after': '60' }, exampleText('error-429.json'));
    expect(limited).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 60_000 });
    expect(limited.message).toContain('600 times per hour');
    // Some 429s JSON-encode their message.
    expect(
      classifyApolloError(429, {}, JSON.stringify({ message: JSON.stringify({ message: 'inner text' }) })).message,
    ).toBe('inner text');
    expect(
      classifyApolloSuccessBody(200, {
        status: 'failed',
        error_code: 'RECORD_LIMIT_EXCEEDED',
        error_message: 'cannot enrich',
      }),
    ).toMatchObject({ providerCode: 'RECORD_LIMIT_EXCEEDED' });
  });

  it('reads the three windows from x-*-requests-left; an empty limit means unlimited', () => {
    const hint = apolloRateLimitHint({
      'x-rate-limit-minute': '200',
      'x-minute-requests-left': '199',
      'x-rate-limit-hourly': '400',
      'x-hourly-requests-left': '350',
      'x-rate-limit-24-hour': '',
      'x-24-hour-requests-left': '10',
    });
    expect(hint).toEqual({
      requestsRemaining: 199,
      windows: { minute: { remaining: 199, limit: 200 }, hour: { remaining: 350, limit: 400 } },
    });
    expect(apolloRateLimitHint({})).toBeNull();
    expect(apolloDescriptor.defaultBaseUrl).toBe('https://api.apollo.io/api/v1');
  });
});

describe('Apollo through the gateway against the fake', () => {
  const t = useFakeGateway(startApolloFake, (fake) => ({ apollo: `${fake.url}/api/v1` }));

  it('health reads the API profile for free; a wrong key gets the text/plain 401', async () => {
    expect((await checkApolloHealth(t.gw.gateway, key)).value).toEqual({
      id: '66c8db577ed7f201b25c0eef',
      teamId: '6095a710bd01d100a506d4ac',
      name: 'John Doe',
      creditsRemaining: null,
    });
    expect((await t.gw.rows())[0]?.costNanos).toBe(0);
    const e = await failure(checkApolloHealth(t.gw.gateway, { secret: 'wrong' }));
    expect([e.kind, e.message]).toEqual(['auth', APOLLO_401_TEXT]);
  });

  it('ledgers credits per documented rule and feeds the limiter from the window headers', async () => {
    await searchPeople(t.gw.gateway, key, { person_titles: ['founder'], per_page: 10 });
    await searchOrganizations(t.gw.gateway, key, { q_organization_domains_list: ['nikkei.com'], per_page: 100 });
    await matchPerson(t.gw.gateway, key, { email: 'tim@apollo.io' });
    await bulkMatchPeople(t.gw.gateway, key, [
      { email: 'a@apollo.io' },
      { email: 'b@apollo.io' },
      { email: 'c@apollo.io' },
    ]);
    await enrichOrganization(t.gw.gateway, key, 'https://apollo.io/about');
    const rows = await t.gw.rows();
    expect(rows.map((r) => [r.endpoint, r.units.credits, r.costSource])).toEqual([
      ['mixed_people.api_search', 0, 'computed'],
      ['mixed_companies.search', 1, 'computed'],
      ['people.match', 1, 'estimated'],
      ['people.bulk_match', 3, 'computed'],
      ['organizations.enrich', 1, 'computed'],
    ]);
    expect(t.fake.requests.at(-1)?.query).toBe('?domain=apollo.io');
    expect(t.fake.state.creditsUsed).toBe(6);
    expect(t.gw.limiter.learned[0]).toEqual({
      requestsRemaining: 49,
      windows: {
        minute: { remaining: 49, limit: 50 },
        hour: { remaining: 199, limit: 200 },
        day: { remaining: 599, limit: 600 },
      },
    });
    expect((await getCreditUsage(t.gw.gateway, key)).value.credits.lead_credit).toEqual({
      limit: 10000,
      consumed: 2506,
      leftOver: 7494,
    });
    expect((await getApiUsageStats(t.gw.gateway, key)).value).toHaveLength(50);
  });

  it('never retries enrichment, even on 5xx or 429', async () => {
    await expectFault(
      t.fake,
      serverError(502),
      { path: '/api/v1/people/match' },
      () => matchPerson(t.gw.gateway, key, { email: 'tim@apollo.io' }),
      'server',
    );
    await expectFault(
      t.fake,
      tooManyRequests(exampleText('error-429.json')),
      { path: '/api/v1/organizations/enrich' },
      () => enrichOrganization(t.gw.gateway, key, 'apollo.io'),
      'rate_limited',
    );
    await expectFault(
      t.fake,
      serverError(500),
      { path: '/api/v1/people/bulk_match' },
      () => bulkMatchPeople(t.gw.gateway, key, [{ email: 'a@apollo.io' }]),
      'server',
    );
    expect(t.fake.requests).toHaveLength(3);
    expect(t.fake.state.creditsUsed).toBe(0);
  });

  it('retries free reads on 429 + retry-after and 5xx; malformed and hung answers are typed', async () => {
    await expectRetriedPast(
      t.fake,
      [tooManyRequests(exampleText('error-429.json')), serverError(503)],
      { path: '/api/v1/mixed_people/api_search' },
      () => searchPeople(t.gw.gateway, key, {}),
    );
    await expectFault(
      t.fake,
      { type: 'malformed_json' },
      { path: '/api/v1/usage_stats/credit_usage_stats' },
      () => getCreditUsage(t.gw.gateway, key),
      'malformed_response',
    );
    await expectFault(
      t.fake,
      { type: 'hang' },
      { path: '/api/v1/users/api_profile' },
      () => checkApolloHealth(t.gw.gateway, key),
      'timeout',
    );
  });

  it('a spent window gives a 429 naming the window; an out-of-scope key a 403 without rate headers', async () => {
    await t.restart({ limits: { minute: 1, hour: 100, day: 1000 } });
    await matchPerson(t.gw.gateway, key, { email: 'tim@apollo.io' });
    const e = await failure(matchPerson(t.gw.gateway, key, { email: 'tim@apollo.io' }));
    expect([e.kind, e.retryAfterMs]).toEqual(['rate_limited', 60_000]);
    expect(e.message).toContain('is 1 times per minute');
    await t.restart({ scopes: ['api/v1/users/api_profile'] });
    expect(await failure(searchPeople(t.gw.gateway, key, {}))).toMatchObject({
      kind: 'permission',
      providerCode: 'API_INACCESSIBLE',
    });
    expect(t.gw.limiter.learned).toEqual([]);
  });

  it('refuses bad input before spending anything, and surfaces Apollo validation errors', async () => {
    const people = Array.from({ length: 11 }, (_, i) => ({ email: `p${i}@apollo.io` }));
    expect(await failure(bulkMatchPeople(t.gw.gateway, key, people))).toMatchObject({
      kind: 'limit_exceeded',
      providerCode: 'RECORD_LIMIT_EXCEEDED',
    });
    expect(
      (await failure(matchPerson(t.gw.gateway, key, { email: 'a@b.c' }, { reveal_phone_number: true }))).providerCode,
    ).toBe('missing_webhook_url');
    expect((await failure(matchPerson(t.gw.gateway, key, {}))).providerCode).toBe('missing_identity');
    expect((await failure(enrichOrganization(t.gw.gateway, key, ' '))).providerCode).toBe('missing_domain');
    expect(t.fake.requests).toHaveLength(0);
    const none = await matchPerson(t.gw.gateway, key, { email: 'ghost@example.invalid' });
    expect([none.value.person, (await t.gw.rows()).at(-1)?.units]).toEqual([null, { credits: 0 }]);
  });
});
