// Integrations: keys per provider, their health, and provider base URL overrides.
// A secret crosses IPC in ONE direction only (renderer -> main, in add/replace input);
// every output carries the masked suffix at most.
import { z } from 'zod';

/** Same ids and order as main/gateway/types.ts PROVIDER_IDS (checked at compile time in main/integrations). */
export const INTEGRATION_PROVIDERS = [
  'openai',
  'anthropic',
  'perplexity',
  'openrouter',
  'elevenlabs',
  'heygen',
  'exa',
  'twilio',
  'sendgrid',
  'apollo',
] as const;
export const providerIdSchema = z.enum(INTEGRATION_PROVIDERS);
export type IntegrationProvider = z.infer<typeof providerIdSchema>;

export const PROVIDER_DISPLAY_NAMES: Record<IntegrationProvider, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  perplexity: 'Perplexity',
  openrouter: 'OpenRouter',
  elevenlabs: 'ElevenLabs',
  heygen: 'HeyGen',
  exa: 'Exa',
  twilio: 'Twilio',
  sendgrid: 'SendGrid',
  apollo: 'Apollo',
};

const secret = z.string().min(1).max(1024);
const sid = z.string().min(1).max(128);

export const credentialInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api_key'), apiKey: secret }).strict(),
  /** Twilio Account SID + auth token. */
  z.object({ kind: z.literal('twilio_auth_token'), accountSid: sid, authToken: secret }).strict(),
  /** Twilio API key (SK… SID + secret) used on behalf of an Account SID. */
  z.object({ kind: z.literal('twilio_api_key'), accountSid: sid, apiKeySid: sid, apiKeySecret: secret }).strict(),
]);
export type CredentialInput = z.infer<typeof credentialInputSchema>;
export type AuthKind = CredentialInput['kind'];

export const secretBackendSchema = z.enum(['keychain', 'safe_storage', 'memory']);
export const integrationStatusSchema = z.enum(['healthy', 'failing', 'unchecked', 'unavailable']);

/** Why a check failed, in the user's terms (mapped from the provider error kind). */
export const failureReasonSchema = z.enum([
  'bad_key',
  'no_access',
  'out_of_credits',
  'rate_limited',
  'no_network',
  'timeout',
  'provider_down',
  'key_missing',
  'unexpected',
]);
export type FailureReason = z.infer<typeof failureReasonSchema>;

export const integrationViewSchema = z.object({
  id: z.string(),
  provider: providerIdSchema,
  label: z.string(),
  authKind: z.enum(['api_key', 'twilio_auth_token', 'twilio_api_key']),
  /** Twilio Account SID / API key SID: identifiers, not secrets. */
  accountId: z.string().nullable(),
  keyId: z.string().nullable(),
  /** Last 4 characters of the secret (empty for short secrets). */
  maskedSuffix: z.string().max(4),
  backend: secretBackendSchema,
  isDefault: z.boolean(),
  status: integrationStatusSchema,
  lastCheckAt: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  lastError: z.object({ reason: failureReasonSchema, kind: z.string().nullable(), message: z.string() }).nullable(),
  /** Scheduled checks are skipped until then (circuit breaker). */
  checksPausedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IntegrationView = z.infer<typeof integrationViewSchema>;

export const vaultInfoSchema = z.object({
  backend: secretBackendSchema,
  persistent: z.boolean(),
  label: z.string(),
  warning: z.string().nullable(),
});
export type VaultInfo = z.infer<typeof vaultInfoSchema>;

export const integrationListSchema = z.object({
  vault: vaultInfoSchema,
  integrations: z.array(integrationViewSchema),
});
export type IntegrationList = z.infer<typeof integrationListSchema>;

export const baseUrlEntrySchema = z.object({
  provider: providerIdSchema,
  /** Saved in settings; wins over the environment and the default. */
  override: z.string().nullable(),
  /** From AICON_<PROVIDER>_BASE_URL. */
  fromEnv: z.string().nullable(),
  defaultUrl: z.string().nullable(),
  /** What calls use now (null when no default is known to this build). */
  effective: z.string().nullable(),
});
export type BaseUrlEntry = z.infer<typeof baseUrlEntrySchema>;

const label = z.string().trim().max(80);
const id = z.string().min(1).max(100);

export const integrationsChannels = {
  'integrations.list': { input: z.object({}).strict(), output: integrationListSchema },
  /** Validates the key's format, authenticates against the provider's free endpoint, then stores it. */
  'integrations.add': {
    input: z
      .object({
        provider: providerIdSchema,
        label: label.optional(),
        makeDefault: z.boolean().optional(),
        credential: credentialInputSchema,
      })
      .strict(),
    output: integrationViewSchema,
  },
  /** Swaps the secret (checked first) and optionally the label, keeping the id and default flag. */
  'integrations.replace': {
    input: z.object({ id, credential: credentialInputSchema, label: label.optional() }).strict(),
    output: integrationViewSchema,
  },
  'integrations.remove': {
    input: z.object({ id }).strict(),
    output: z.object({ removed: z.literal(true), id: z.string() }),
  },
  'integrations.setDefault': { input: z.object({ id }).strict(), output: integrationViewSchema },
  /** Re-checks one key now (ignores the circuit breaker: the user asked). */
  'integrations.test': { input: z.object({ id }).strict(), output: integrationViewSchema },
  /** Checks every key; keys whose breaker is open are skipped. */
  'integrations.checkAll': {
    input: z.object({}).strict(),
    output: z.object({
      checked: z.number().int(),
      skipped: z.number().int(),
      integrations: z.array(integrationViewSchema),
    }),
  },
  'integrations.getBaseUrls': {
    input: z.object({}).strict(),
    output: z.object({ providers: z.array(baseUrlEntrySchema) }),
  },
  /** `url: null` clears the override. */
  'integrations.setBaseUrl': {
    input: z.object({ provider: providerIdSchema, url: z.string().trim().max(2048).nullable() }).strict(),
    output: baseUrlEntrySchema,
  },
} as const;
