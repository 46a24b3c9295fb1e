// Apollo.io over the gateway: People API Search (0 credits), organization search (1 credit/page), people match
// and bulk match, organization enrich, API usage stats and credit usage. Enrichment spends credits with no
// idempotency key and a lost answer may already have been charged, so match/bulk/enrich are never retried.
import type { Credential, Gateway, GatewayResult, Metered } from '../../gateway/types';
import { callFields, type CallContext } from '../shared/call';
import { badInput, limitExceeded } from '../shared/parse-kit';
import {
  parseApiProfile,
  parseApiUsageStats,
  parseBulkMatch,
  parseCreditUsage,
  parseOrganizationEnrich,
  parseOrganizationSearch,
  parsePeopleSearch,
  parsePersonMatch,
  type ApiProfile,
  type BulkMatch,
  type CreditUsage,
  type EndpointUsage,
  type Organization,
  type OrganizationSearch,
  type PeopleSearch,
  type PersonMatch,
} from './usage';

const PROVIDER = 'apollo' as const;
export const BULK_MATCH_MAX = 10;

async function call<T>(
  gateway: Gateway,
  credential: Credential,
  req: {
    endpoint: string;
    method: 'GET' | 'POST';
    path: string;
    body?: object;
    idempotent: boolean;
    operation: string;
    /** Credits a successful answer typically costs (ledgered if the answer is lost). */
    credits?: number;
    /** The most credits the request can cost; 0 = a free endpoint; null = unbounded (waterfall vendors). */
    worstCredits: number | null;
  },
  parse: (b: unknown) => Metered<T>,
  c: CallContext,
): Promise<GatewayResult<T>> {
  return gateway.json(
    {
      provider: PROVIDER,
      operation: req.operation,
      endpoint: req.endpoint,
      method: req.method,
      path: req.path,
      ...(req.body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body) } : {}),
      idempotent: req.idempotent,
      // Priced per credit by the price table (a default $/credit; set your plan's on the Prices screen).
      ...(req.worstCredits === 0
        ? { free: true }
        : req.worstCredits === null
          ? {}
          : { worstCaseUnits: { credits: req.worstCredits } }),
      ...(req.credits !== undefined ? { estimatedUnits: { credits: req.credits } } : {}),
      credential,
      ...callFields(c),
    },
    (b) => parse(b),
  );
}

/** Filters for People API Search (snake_case as Apollo names them). */
export interface PeopleSearchFilters {
  person_titles?: string[];
  include_similar_titles?: boolean;
  q_keywords?: string;
  person_locations?: string[];
  person_seniorities?: string[];
  organization_locations?: string[];
  q_organization_domains_list?: string[];
  contact_email_status?: string[];
  organization_ids?: string[];
  organization_num_employees_ranges?: string[];
  revenue_range?: { min?: number; max?: number };
  page?: number;
  /** ≤ 100 */
  per_page?: number;
}

/** Net-new people matching filters: 0 credits, no emails or phones, obfuscated last names. */
export async function searchPeople(
  gateway: Gateway,
  credential: Credential,
  filters: PeopleSearchFilters,
  c: CallContext = {},
): Promise<GatewayResult<PeopleSearch>> {
  if ((filters.per_page ?? 0) > 100) throw badInput(PROVIDER, 'per_page is at most 100', 'per_page_too_large');
  return call(
    gateway,
    credential,
    {
      endpoint: 'mixed_people.api_search',
      method: 'POST',
      path: '/mixed_people/api_search',
      body: filters,
      idempotent: true,
      operation: 'research',
      credits: 0,
      worstCredits: 0,
    },
    parsePeopleSearch,
    c,
  );
}

export interface OrganizationSearchFilters {
  q_organization_domains_list?: string[];
  organization_num_employees_ranges?: string[];
  organization_locations?: string[];
  organization_not_locations?: string[];
  revenue_range?: { min?: number; max?: number };
  q_organization_keyword_tags?: string[];
  q_organization_name?: string;
  organization_ids?: string[];
  page?: number;
  per_page?: number;
}

/** Companies matching filters: 1 credit per page, whatever the page size (so ask for up to 100 at once). */
export async function searchOrganizations(
  gateway: Gateway,
  credential: Credential,
  filters: OrganizationSearchFilters,
  c: CallContext = {},
): Promise<GatewayResult<OrganizationSearch>> {
  if ((filters.per_page ?? 0) > 100) throw badInput(PROVIDER, 'per_page is at most 100', 'per_page_too_large');
  return call(
    gateway,
    credential,
    {
      endpoint: 'mixed_companies.search',
      method: 'POST',
      path: '/mixed_companies/search',
      body: filters,
      idempotent: true,
      operation: 'research',
      credits: 1,
      worstCredits: 1,
    },
    parseOrganizationSearch,
    c,
  );
}

export interface PersonIdentity {
  first_name?: string;
  last_name?: string;
  name?: string;
  email?: string;
  hashed_email?: string;
  organization_name?: string;
  domain?: string;
  id?: string;
  linkedin_url?: string;
}

export interface RevealOptions {
  reveal_personal_emails?: boolean;
  /** Phones arrive asynchronously at `webhook_url` (required with this flag) and cost 8 more credits each. */
  reveal_phone_number?: boolean;
  run_waterfall_email?: boolean;
  run_waterfall_phone?: boolean;
  webhook_url?: string;
}

/**
 * The most credits a match can cost: 1 per person, 9 when a mobile phone is revealed; null with waterfall
 * enrichment (third-party vendors bill on top, with no published bound).
 */
function matchWorstCredits(reveal: RevealOptions, people: number): number | null {
  if (reveal.run_waterfall_email || reveal.run_waterfall_phone) return null;
  return people * (reveal.reveal_phone_number ? 9 : 1);
}

function checkReveal(reveal: RevealOptions): void {
  if ((reveal.reveal_phone_number || reveal.run_waterfall_phone) && !reveal.webhook_url) {
    throw badInput(
      PROVIDER,
      'revealing phone numbers needs a webhook_url (Apollo delivers them asynchronously)',
      'missing_webhook_url',
    );
  }
}

/** Enriches one person: 1–9 credits (0 when no one is found). Never retried. */
export async function matchPerson(
  gateway: Gateway,
  credential: Credential,
  person: PersonIdentity,
  reveal: RevealOptions = {},
  c: CallContext = {},
): Promise<GatewayResult<PersonMatch>> {
  if (Object.values(person).every((v) => v === undefined || v === ''))
    throw badInput(PROVIDER, 'give at least one way to identify the person', 'missing_identity');
  checkReveal(reveal);
  return call(
    gateway,
    credential,
    {
      endpoint: 'people.match',
      method: 'POST',
      path: '/people/match',
      body: { ...person, ...reveal },
      idempotent: false,
      operation: 'enrichment',
      credits: 1,
      worstCredits: matchWorstCredits(reveal, 1),
    },
    parsePersonMatch,
    c,
  );
}

/** Enriches up to 10 people in one request; Apollo reports the credits consumed. Never retried. */
export async function bulkMatchPeople(
  gateway: Gateway,
  credential: Credential,
  people: PersonIdentity[],
  reveal: RevealOptions = {},
  c: CallContext = {},
): Promise<GatewayResult<BulkMatch>> {
  if (people.length === 0) throw badInput(PROVIDER, 'no people to enrich', 'empty_details');
  if (people.length > BULK_MATCH_MAX)
    throw limitExceeded(
      PROVIDER,
      `bulk match takes at most ${BULK_MATCH_MAX} people per request (got ${people.length})`,
      'RECORD_LIMIT_EXCEEDED',
    );
  checkReveal(reveal);
  return call(
    gateway,
    credential,
    {
      endpoint: 'people.bulk_match',
      method: 'POST',
      path: '/people/bulk_match',
      body: { details: people, ...reveal },
      idempotent: false,
      operation: 'enrichment',
      credits: people.length,
      worstCredits: matchWorstCredits(reveal, people.length),
    },
    parseBulkMatch,
    c,
  );
}

/** Enriches a company by domain: 1 credit. Never retried. */
export async function enrichOrganization(
  gateway: Gateway,
  credential: Credential,
  domain: string,
  c: CallContext = {},
): Promise<GatewayResult<Organization | null>> {
  const d = domain
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (d === '') throw badInput(PROVIDER, 'domain is empty', 'missing_domain');
  return call(
    gateway,
    credential,
    {
      endpoint: 'organizations.enrich',
      method: 'GET',
      path: `/organizations/enrich?domain=${encodeURIComponent(d)}`,
      idempotent: false,
      operation: 'enrichment',
      credits: 1,
      worstCredits: 1,
    },
    parseOrganizationEnrich,
    c,
  );
}

/** Per-endpoint minute/hour/day limits and use (0 credits; needs a master key). */
export async function getApiUsageStats(
  gateway: Gateway,
  credential: Credential,
  c: CallContext = {},
): Promise<GatewayResult<EndpointUsage[]>> {
  return call(
    gateway,
    credential,
    {
      endpoint: 'usage_stats.api_usage_stats',
      method: 'POST',
      path: '/usage_stats/api_usage_stats',
      body: {},
      idempotent: true,
      operation: 'account',
      worstCredits: 0,
    },
    parseApiUsageStats,
    c,
  );
}

/** Credit balances per credit type for the current cycle (0 credits). */
export async function getCreditUsage(
  gateway: Gateway,
  credential: Credential,
  c: CallContext = {},
): Promise<GatewayResult<CreditUsage>> {
  return call(
    gateway,
    credential,
    {
      endpoint: 'usage_stats.credit_usage_stats',
      method: 'POST',
      path: '/usage_stats/credit_usage_stats',
      body: {},
      idempotent: true,
      operation: 'account',
      worstCredits: 0,
    },
    parseCreditUsage,
    c,
  );
}

/** The key's own user profile (0 credits). */
export async function getApiProfile(
  gateway: Gateway,
  credential: Credential,
  c: CallContext & { includeCreditUsage?: boolean } = {},
): Promise<GatewayResult<ApiProfile>> {
  const q = c.includeCreditUsage ? '?include_credit_usage=true' : '';
  return call(
    gateway,
    credential,
    {
      endpoint: 'users.api_profile',
      method: 'GET',
      path: `/users/api_profile${q}`,
      idempotent: true,
      operation: 'health',
      worstCredits: 0,
    },
    parseApiProfile,
    c,
  );
}
