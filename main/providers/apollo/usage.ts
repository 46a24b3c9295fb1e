// Apollo.io responses -> typed values and metered credits. Apollo reports credits per call only in
// bulk_match (`credits_consumed`); elsewhere the documented rule is applied: People API Search 0, organization
// search 1 per page, organization enrich 1 per organization found, people match 1 for a person (+8 when a phone
// number comes back, 0 when nothing is found) — the latter an estimate until credit_usage_stats says otherwise.
import { z } from 'zod';
import { parseWith } from '../shared/parse-kit';
import type { Metered } from '../../gateway/types';

const PROVIDER = 'apollo' as const;

/** Apollo request ids are 19-digit JSON numbers: beyond 2^53 they arrive rounded, so keep them as text only. */
const requestIdText = (v: unknown): string | undefined =>
  typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;

const searchPersonSchema = z.object({
  id: z.string(),
  first_name: z.string().nullish(),
  last_name_obfuscated: z.string().nullish(),
  title: z.string().nullish(),
  last_refreshed_at: z.string().nullish(),
  has_email: z.boolean().nullish(),
  has_direct_phone: z.union([z.string(), z.boolean()]).nullish(),
  organization: z.object({ name: z.string().nullish() }).nullish(),
});

export interface ProspectPreview {
  id: string;
  firstName: string | null;
  /** Obfuscated by Apollo ("Hu***n"): search results never reveal full names, emails or phones. */
  lastNameObfuscated: string | null;
  title: string | null;
  organizationName: string | null;
  hasEmail: boolean;
  /** "Yes", "Maybe", … as Apollo words it. */
  hasDirectPhone: string | null;
  lastRefreshedAt: string | null;
}

export interface PeopleSearch {
  totalEntries: number;
  people: ProspectPreview[];
}

/** POST /mixed_people/api_search: 0 credits. */
export function parsePeopleSearch(body: unknown): Metered<PeopleSearch> {
  const b = parseWith(
    PROVIDER,
    'people search',
    z.object({ total_entries: z.number(), people: z.array(searchPersonSchema) }),
    body,
  );
  const people = b.people.map((p) => ({
    id: p.id,
    firstName: p.first_name ?? null,
    lastNameObfuscated: p.last_name_obfuscated ?? null,
    title: p.title ?? null,
    organizationName: p.organization?.name ?? null,
    hasEmail: p.has_email ?? false,
    hasDirectPhone: p.has_direct_phone === undefined || p.has_direct_phone === null ? null : String(p.has_direct_phone),
    lastRefreshedAt: p.last_refreshed_at ?? null,
  }));
  return {
    value: { totalEntries: b.total_entries, people },
    units: { credits: 0 },
    free: true,
    model: 'mixed_people.api_search',
  };
}

const organizationSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  website_url: z.string().nullish(),
  primary_domain: z.string().nullish(),
  linkedin_url: z.string().nullish(),
  industry: z.string().nullish(),
  estimated_num_employees: z.number().nullish(),
  annual_revenue: z.number().nullish(),
  founded_year: z.number().nullish(),
});

export interface Organization {
  id: string;
  name: string | null;
  websiteUrl: string | null;
  primaryDomain: string | null;
  linkedinUrl: string | null;
  industry: string | null;
  estimatedEmployees: number | null;
  annualRevenue: number | null;
  foundedYear: number | null;
}

const toOrganization = (o: z.output<typeof organizationSchema>): Organization => ({
  id: o.id,
  name: o.name ?? null,
  websiteUrl: o.website_url ?? null,
  primaryDomain: o.primary_domain ?? null,
  linkedinUrl: o.linkedin_url ?? null,
  industry: o.industry ?? null,
  estimatedEmployees: o.estimated_num_employees ?? null,
  annualRevenue: o.annual_revenue ?? null,
  foundedYear: o.founded_year ?? null,
});

export interface OrganizationSearch {
  page: number;
  perPage: number;
  totalEntries: number;
  totalPages: number;
  /** Companies already saved as accounts, then net-new organizations. */
  accounts: Organization[];
  organizations: Organization[];
}

/** POST /mixed_companies/search: 1 credit per page (up to 100 results). */
export function parseOrganizationSearch(body: unknown): Metered<OrganizationSearch> {
  const b = parseWith(
    PROVIDER,
    'organization search',
    z.object({
      pagination: z.object({
        page: z.number(),
        per_page: z.number(),
        total_entries: z.number(),
        total_pages: z.number(),
      }),
      accounts: z.array(organizationSchema).nullish(),
      organizations: z.array(organizationSchema).nullish(),
    }),
    body,
  );
  const p = b.pagination;
  return {
    value: {
      page: p.page,
      perPage: p.per_page,
      totalEntries: p.total_entries,
      totalPages: p.total_pages,
      accounts: (b.accounts ?? []).map(toOrganization),
      organizations: (b.organizations ?? []).map(toOrganization),
    },
    units: { credits: 1 },
    model: 'mixed_companies.search',
  };
}

const personSchema = z.object({
  id: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  email: z.string().nullish(),
  email_status: z.string().nullish(),
  linkedin_url: z.string().nullish(),
  organization_id: z.string().nullish(),
  organization: z.object({ name: z.string().nullish() }).nullish(),
  phone_numbers: z
    .array(z.object({ sanitized_number: z.string().nullish(), raw_number: z.string().nullish() }))
    .nullish(),
});

export interface Person {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  title: string | null;
  email: string | null;
  emailStatus: string | null;
  linkedinUrl: string | null;
  organizationId: string | null;
  organizationName: string | null;
  phoneNumbers: string[];
}

const toPerson = (p: z.output<typeof personSchema>): Person => ({
  id: p.id,
  firstName: p.first_name ?? null,
  lastName: p.last_name ?? null,
  name: p.name ?? null,
  title: p.title ?? null,
  email: p.email ?? null,
  emailStatus: p.email_status ?? null,
  linkedinUrl: p.linkedin_url ?? null,
  organizationId: p.organization_id ?? null,
  organizationName: p.organization?.name ?? null,
  phoneNumbers: (p.phone_numbers ?? []).map((n) => n.sanitized_number ?? n.raw_number ?? '').filter(Boolean),
});

/** Documented people-match price: 0 if nothing found, 1 for a person, +8 when a phone number is revealed. */
export const personMatchCredits = (person: Person | null): number =>
  person === null ? 0 : 1 + (person.phoneNumbers.length > 0 ? 8 : 0);

export interface PersonMatch {
  person: Person | null;
  /** Waterfall enrichment status ("accepted": results and their extra credits arrive later by webhook). */
  waterfallStatus: string | null;
  requestId: string | null;
}

/** POST /people/match: credits are not reported per call, so this is an estimate (reconcile with credit_usage_stats). */
export function parsePersonMatch(body: unknown): Metered<PersonMatch> {
  const b = parseWith(
    PROVIDER,
    'people match',
    z.object({
      person: personSchema.nullish(),
      waterfall: z.object({ status: z.string().nullish() }).nullish(),
      request_id: z.unknown(),
    }),
    body,
  );
  const person = b.person ? toPerson(b.person) : null;
  const requestId = requestIdText(b.request_id) ?? null;
  return {
    value: { person, waterfallStatus: b.waterfall?.status ?? null, requestId },
    units: { credits: personMatchCredits(person) },
    estimated: true,
    model: 'people.match',
    ...(requestId ? { providerRequestId: requestId } : {}),
    meta: { waterfall: b.waterfall?.status ?? null },
  };
}

export interface BulkMatch {
  /** One entry per requested person, null where Apollo found no one. */
  matches: Array<Person | null>;
  creditsConsumed: number;
  totalRequested: number;
  uniqueEnriched: number;
  missingRecords: number;
  requestId: string | null;
}

/** POST /people/bulk_match: the one Apollo answer that reports credits (`credits_consumed`). */
export function parseBulkMatch(body: unknown): Metered<BulkMatch> {
  const b = parseWith(
    PROVIDER,
    'bulk match',
    z.object({
      matches: z.array(personSchema.nullable()),
      credits_consumed: z.number(),
      total_requested_enrichments: z.number(),
      unique_enriched_records: z.number(),
      missing_records: z.number(),
      request_id: z.unknown(),
    }),
    body,
  );
  const requestId = requestIdText(b.request_id) ?? null;
  return {
    value: {
      matches: b.matches.map((m) => (m ? toPerson(m) : null)),
      creditsConsumed: b.credits_consumed,
      totalRequested: b.total_requested_enrichments,
      uniqueEnriched: b.unique_enriched_records,
      missingRecords: b.missing_records,
      requestId,
    },
    units: { credits: b.credits_consumed },
    model: 'people.bulk_match',
    ...(requestId ? { providerRequestId: requestId } : {}),
  };
}

/** GET /organizations/enrich: 1 credit per organization found. */
export function parseOrganizationEnrich(body: unknown): Metered<Organization | null> {
  const b = parseWith(PROVIDER, 'organization enrich', z.object({ organization: organizationSchema.nullish() }), body);
  const org = b.organization ? toOrganization(b.organization) : null;
  return { value: org, units: { credits: org ? 1 : 0 }, model: 'organizations.enrich' };
}

const windowSchema = z.object({
  limit: z.number().nullish(),
  consumed: z.number().nullish(),
  left_over: z.number().nullish(),
});

export interface UsageWindow {
  limit: number | null;
  consumed: number | null;
  leftOver: number | null;
}

export interface EndpointUsage {
  /** e.g. "api/v1/people" */
  endpoint: string;
  /** e.g. "match" */
  action: string;
  minute: UsageWindow | null;
  hour: UsageWindow | null;
  day: UsageWindow | null;
}

const toWindow = (w: z.output<typeof windowSchema> | null | undefined): UsageWindow | null =>
  w ? { limit: w.limit ?? null, consumed: w.consumed ?? null, leftOver: w.left_over ?? null } : null;

/** POST /usage_stats/api_usage_stats: a map keyed by a JSON-encoded ["api/v1/…", "action"] pair. Free. */
export function parseApiUsageStats(body: unknown): Metered<EndpointUsage[]> {
  const b = parseWith(
    PROVIDER,
    'api usage stats',
    z.record(
      z.string(),
      z.object({ minute: windowSchema.nullish(), hour: windowSchema.nullish(), day: windowSchema.nullish() }),
    ),
    body,
  );
  const rows = Object.entries(b).map(([k, v]) => {
    let endpoint = k;
    let action = '';
    try {
      const pair = JSON.parse(k) as unknown;
      if (Array.isArray(pair) && typeof pair[0] === 'string')
        [endpoint, action] = [pair[0], typeof pair[1] === 'string' ? pair[1] : ''];
    } catch {
      // not a JSON pair: keep the raw key as the endpoint
    }
    return { endpoint, action, minute: toWindow(v.minute), hour: toWindow(v.hour), day: toWindow(v.day) };
  });
  return { value: rows, units: {}, free: true };
}

export interface CreditUsage {
  /** lead_credit, direct_dial_credit, export_credit, ai_credit, … */
  credits: Record<string, UsageWindow>;
  cycleStart: string | null;
  cycleEnd: string | null;
}

/** POST /usage_stats/credit_usage_stats: credit balances per type for the billing cycle. Free. */
export function parseCreditUsage(body: unknown): Metered<CreditUsage> {
  const b = parseWith(
    PROVIDER,
    'credit usage stats',
    z.object({
      credit_usage_stats: z.record(z.string(), windowSchema),
      current_credit_cycle: z.object({ start_date: z.string().nullish(), end_date: z.string().nullish() }).nullish(),
    }),
    body,
  );
  const credits = Object.fromEntries(
    Object.entries(b.credit_usage_stats).flatMap(([k, w]) => {
      const window = toWindow(w);
      return window ? [[k, window] as const] : [];
    }),
  );
  const lead = credits.lead_credit?.leftOver;
  return {
    value: {
      credits,
      cycleStart: b.current_credit_cycle?.start_date ?? null,
      cycleEnd: b.current_credit_cycle?.end_date ?? null,
    },
    units: {},
    free: true,
    ...(lead !== undefined && lead !== null ? { meta: { lead_credits_left: lead } } : {}),
  };
}

export interface ApiProfile {
  id: string;
  teamId: string | null;
  name: string | null;
  creditsRemaining: number | null;
}

/** GET /users/api_profile: 0 credits, the key check. */
export function parseApiProfile(body: unknown): Metered<ApiProfile> {
  const b = parseWith(
    PROVIDER,
    'api profile',
    z.object({
      id: z.string(),
      team_id: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      num_credits_remaining: z.number().nullish(),
    }),
    body,
  );
  const name = [b.first_name, b.last_name].filter(Boolean).join(' ') || null;
  return {
    value: { id: b.id, teamId: b.team_id ?? null, name, creditsRemaining: b.num_credits_remaining ?? null },
    units: {},
    free: true,
  };
}
