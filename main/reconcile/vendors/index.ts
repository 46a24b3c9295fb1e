// One reconciliation per provider. Exa and Perplexity report each call's cost in the response, which the
// ledger records as-is: that figure is the vendor's truth and there is no usage API to compare against.
// SendGrid bills a monthly plan, not per email.
import type { ProviderId } from '../../gateway/types';
import type { FetchFailure } from '../types';
import type { VendorAdapter } from './common';
import { reconcileApollo } from './apollo';
import { reconcileElevenLabs } from './elevenlabs';
import { reconcileHeyGen } from './heygen';
import { reconcileAnthropic, reconcileOpenAI } from './organizations';
import { reconcileOpenRouter } from './openrouter';
import { reconcileTwilio } from './twilio';

/** What the app says for providers with nothing to fetch. */
export const KEYLESS_OUTCOMES = {
  exa: {
    state: 'per_call',
    message:
      "Exa reports each call's cost in its response (costDollars.total) and the ledger records exactly that: the per-call figure is the vendor's truth. Exa has no usage or balance API to compare with.",
  },
  perplexity: {
    state: 'per_call',
    message:
      "Perplexity reports each call's cost in its response (usage.cost.total_cost) and the ledger records exactly that: the per-call figure is the vendor's truth. Perplexity has no usage or balance API to compare with.",
  },
  sendgrid: {
    state: 'not_offered',
    message:
      'SendGrid bills a monthly plan, not per email: the ledger counts emails, there is no per-call spend to reconcile.',
  },
} as const satisfies Record<string, FetchFailure>;

export const VENDOR_ADAPTERS: Record<ProviderId, VendorAdapter> = {
  openrouter: reconcileOpenRouter,
  twilio: reconcileTwilio,
  elevenlabs: reconcileElevenLabs,
  heygen: reconcileHeyGen,
  apollo: reconcileApollo,
  openai: reconcileOpenAI,
  anthropic: reconcileAnthropic,
  exa: async () => KEYLESS_OUTCOMES.exa,
  perplexity: async () => KEYLESS_OUTCOMES.perplexity,
  sendgrid: async () => KEYLESS_OUTCOMES.sendgrid,
};

/** Providers that need the organization admin key rather than the call key. */
export const ADMIN_KEY_VENDORS: ReadonlySet<ProviderId> = new Set(['openai', 'anthropic']);

/** Providers whose state needs no fetch (per-call truth, plan billing): no key is asked for. */
export const KEYLESS_VENDORS: ReadonlySet<ProviderId> = new Set(['exa', 'perplexity', 'sendgrid']);

/** Vendors that report only their current cycle or balance: a past month cannot be fetched again. */
export const CURRENT_CYCLE_VENDORS: ReadonlySet<ProviderId> = new Set(['elevenlabs', 'heygen', 'apollo']);
