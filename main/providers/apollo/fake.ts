// A loopback Apollo.io on the shared fake-server toolkit: the recorded search/match/enrich/usage bodies, the
// 401 as text/plain, 403 API_INACCESSIBLE for endpoints outside the key's scope, 422 for a missing domain,
// 400 RECORD_LIMIT_EXCEEDED over 10 bulk records, and per-endpoint minute/hour/day windows reported in the
// x-* headers (never on 401/403) that turn into the recorded-style 429 with retry-after once spent.
// Credits spent are counted like Apollo's documented rules. Faults via `inject`.
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import bulkLimitBody from './fixtures/error-400-bulk_match-RECORD_LIMIT_EXCEEDED.json';
import missingDomainBody from './fixtures/error-422-missing-domain.json';
import orgEnrichBody from './fixtures/get-organizations-enrich.200.json';
import companiesBody from './fixtures/post-mixed_companies-search.200.json';
import peopleSearchBody from './fixtures/post-mixed_people-api_search.200.json';
import bulkMatchBody from './fixtures/post-people-bulk_match.200.json';
import peopleMatchBody from './fixtures/post-people-match.200.json';
import apiUsageBody from './fixtures/post-usage_stats-api_usage_stats.200.cleaned.json';
import creditUsageBody from './fixtures/post-usage_stats-credit_usage_stats.200.json';

export const APOLLO_FAKE_KEY = 'fake_apollo_key_0123456789';
/** Apollo's 401 body, text/plain (recorded in the official spec). */
export const APOLLO_401_TEXT =
  'Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.';

export interface ApolloFakeOptions {
  apiKey?: string;
  /** Per-endpoint window sizes (default: the Free plan's 50 / 200 / 600). */
  limits?: { minute: number; hour: number; day: number };
  /** Endpoints the key may call, as "api/v1/people/match"; default all. */
  scopes?: string[];
}

export interface ApolloFake extends FakeServer {
  readonly state: { creditsUsed: number; calls: Map<string, number> };
}

const WINDOWS = [
  {
    name: 'minute',
    limit: 'x-rate-limit-minute',
    usage: 'x-minute-usage',
    left: 'x-minute-requests-left',
    word: 'minute',
  },
  { name: 'hour', limit: 'x-rate-limit-hourly', usage: 'x-hourly-usage', left: 'x-hourly-requests-left', word: 'hour' },
  {
    name: 'day',
    limit: 'x-rate-limit-24-hour',
    usage: 'x-24-hour-usage',
    left: 'x-24-hour-requests-left',
    word: 'day',
  },
] as const;

export async function startApolloFake(options: ApolloFakeOptions = {}): Promise<ApolloFake> {
  const apiKey = options.apiKey ?? APOLLO_FAKE_KEY;
  const limits = options.limits ?? { minute: 50, hour: 200, day: 600 };
  const state: ApolloFake['state'] = { creditsUsed: 0, calls: new Map() };

  type Handler = (req: FakeRequest, reply: FakeReply, headers: Record<string, string>) => void;

  /**
   * Wraps a route with Apollo's per-endpoint accounting: scope check (403, no rate headers), the three windows
   * (429 with retry-after when one is spent), and the x-* headers on the answer. The fake's windows never
   * reset within a run: tests and demos are shorter than a minute.
   */
  const metered = (endpoint: string, handler: Handler) => (req: FakeRequest, reply: FakeReply) => {
    if (options.scopes && !options.scopes.includes(endpoint)) {
      return reply.json(403, {
        error: `This API key is not authorized to access ${endpoint}. Request an API key from your administrator that includes this endpoint in its configured scope.`,
        error_code: 'API_INACCESSIBLE',
      });
    }
    const used = state.calls.get(endpoint) ?? 0;
    const spent = WINDOWS.find((w) => used >= limits[w.name]);
    if (spent) {
      const message = `The maximum number of api calls allowed for ${endpoint} is ${limits[spent.name]} times per ${spent.word}. Please upgrade your plan from https://app.apollo.io/#/settings/plans/upgrade.`;
      return reply.json(
        429,
        { message },
        { 'retry-after': spent.name === 'minute' ? '60' : spent.name === 'hour' ? '3600' : '86400' },
      );
    }
    state.calls.set(endpoint, used + 1);
    const headers: Record<string, string> = {};
    for (const w of WINDOWS) {
      headers[w.limit] = String(limits[w.name]);
      headers[w.usage] = String(used + 1);
      headers[w.left] = String(limits[w.name] - used - 1);
    }
    handler(req, reply, headers);
  };

  const body = (req: FakeRequest): Record<string, unknown> => {
    const b = req.json();
    return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
  };

  const server = await startFakeServer({
    authorize: (req) => req.headers['x-api-key'] === apiKey,
    unauthorized: (_req, reply) => reply.text(401, APOLLO_401_TEXT, 'text/plain; charset=utf-8'),
    notFound: (_req, reply) => reply.json(404, { error: 'Not found' }),
    routes: [
      {
        method: 'POST',
        path: '/api/v1/mixed_people/api_search',
        handler: metered('api/v1/mixed_people/api_search', (_req, reply, h) => reply.json(200, peopleSearchBody, h)),
      },
      {
        method: 'POST',
        path: '/api/v1/mixed_companies/search',
        handler: metered('api/v1/mixed_companies/search', (_req, reply, h) => {
          state.creditsUsed += 1;
          reply.json(200, companiesBody, h);
        }),
      },
      {
        method: 'POST',
        path: '/api/v1/people/match',
        handler: metered('api/v1/people/match', (req, reply, h) => {
          const b = body(req);
          if ((b.reveal_phone_number === true || b.run_waterfall_phone === true) && typeof b.webhook_url !== 'string') {
            return reply.json(
              400,
              { error: "Please add a valid 'webhook_url' parameter when using 'reveal_phone_number'" },
              h,
            );
          }
          // Nobody matches an address at example.invalid; everyone else is the recorded person.
          if (typeof b.email === 'string' && b.email.endsWith('@example.invalid'))
            return reply.json(200, { person: null, request_id: 1 }, h);
          state.creditsUsed += 1;
          reply.json(200, peopleMatchBody, h);
        }),
      },
      {
        method: 'POST',
        path: '/api/v1/people/bulk_match',
        handler: metered('api/v1/people/bulk_match', (req, reply, h) => {
          const details = Array.isArray(body(req).details) ? (body(req).details as unknown[]) : [];
          if (details.length > 10) return reply.json(400, bulkLimitBody, h);
          if (details.length === bulkMatchBody.matches.length) {
            state.creditsUsed += bulkMatchBody.credits_consumed;
            return reply.json(200, bulkMatchBody, h);
          }
          const matches = details.map((_, i) => bulkMatchBody.matches[i % bulkMatchBody.matches.length]);
          state.creditsUsed += matches.length;
          reply.json(
            200,
            {
              ...bulkMatchBody,
              total_requested_enrichments: details.length,
              unique_enriched_records: matches.length,
              credits_consumed: matches.length,
              matches,
            },
            h,
          );
        }),
      },
      {
        method: 'GET',
        path: '/api/v1/organizations/enrich',
        handler: metered('api/v1/organizations/enrich', (req, reply, h) => {
          if (!req.query.get('domain')) return reply.json(422, missingDomainBody, h);
          state.creditsUsed += 1;
          reply.json(200, orgEnrichBody, h);
        }),
      },
      {
        method: 'POST',
        path: '/api/v1/usage_stats/api_usage_stats',
        handler: metered('api/v1/usage_stats/api_usage_stats', (_req, reply, h) => reply.json(200, apiUsageBody, h)),
      },
      {
        method: 'POST',
        path: '/api/v1/usage_stats/credit_usage_stats',
        handler: metered('api/v1/usage_stats/credit_usage_stats', (_req, reply, h) => {
          const lead = creditUsageBody.credit_usage_stats.lead_credit;
          const consumed = lead.consumed + state.creditsUsed;
          reply.json(
            200,
            {
              ...creditUsageBody,
              credit_usage_stats: {
                ...creditUsageBody.credit_usage_stats,
                lead_credit: { ...lead, consumed, left_over: lead.limit - consumed },
              },
            },
            h,
          );
        }),
      },
      {
        // Spec example (no recorded body): the key's own user, optionally with its credit counters.
        method: 'GET',
        path: '/api/v1/users/api_profile',
        handler: metered('api/v1/users/api_profile', (req, reply, h) => {
          const profile = {
            id: '66c8db577ed7f201b25c0eef',
            team_id: '6095a710bd01d100a506d4ac',
            first_name: 'John',
            last_name: 'Doe',
            title: 'Developer',
            email: 'john.doe@example.com',
          };
          const credits =
            req.query.get('include_credit_usage') === 'true'
              ? {
                  num_credits_remaining: 9500 - state.creditsUsed,
                  effective_num_lead_credits: 10000,
                  num_lead_credits_used: 500 + state.creditsUsed,
                }
              : {};
          reply.json(200, { ...profile, ...credits }, h);
        }),
      },
    ],
  });
  return Object.assign(server, { state });
}
