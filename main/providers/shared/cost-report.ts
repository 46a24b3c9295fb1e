// The organization cost reports (OpenAI's Costs API, Anthropic's Admin cost_report) share one shape: `data[]`
// time buckets, each with `results[]` cost lines, and a next-page token. This walks it; each provider maps one
// line (its own field names and amount format) and reads its own next-page rule.
import { ProviderError, type Metered, type ProviderId } from '../../gateway/types';
import { asArray, asString, at } from './json';

export interface CostReportPage<L> {
  lines: L[];
  nextPage: string | null;
}

/** One page of a cost report, free in the ledger; a body without `data` is a malformed answer. */
export function parseCostReportPage<L>(
  provider: ProviderId,
  body: unknown,
  line: (bucket: unknown, result: unknown) => L,
  hasMore: boolean,
): Metered<CostReportPage<L>> {
  const data = asArray(at(body, 'data'));
  if (data === undefined)
    throw new ProviderError({ provider, kind: 'malformed_response', status: 200, message: 'cost report without data' });
  const lines: L[] = [];
  for (const bucket of data)
    for (const result of asArray(at(bucket, 'results')) ?? []) lines.push(line(bucket, result));
  const nextPage = hasMore ? (asString(at(body, 'next_page')) ?? null) : null;
  return { value: { lines, nextPage }, units: {}, free: true };
}
