// SendGrid responses -> typed values and metered units. A mail send answers 202 Accepted with an EMPTY body
// (never JSON-parse it); the only handle is the X-Message-Id header. SendGrid bills by plan (a monthly email
// quota), so a send is ledgered as one credit per recipient (an email against the quota), priced by the user's
// $/email (a price override on credits) and unpriced until one is set.
import { z } from 'zod';
import { header } from '../shared/headers';
import { malformedResponse, parseWith } from '../shared/parse-kit';
import type { Metered, ResponseMeta } from '../../gateway/types';

const PROVIDER = 'sendgrid' as const;

export interface SentMail {
  /** X-Message-Id: the prefix of the per-recipient sg_message_id in event webhooks and the activity feed. */
  messageId: string;
  recipients: number;
}

export function meterMailSend(body: unknown, meta: ResponseMeta, recipients: number): Metered<SentMail> {
  const messageId = header(meta.headers, 'x-message-id');
  // 202 with an empty body is the only success shape; anything else means the API changed under us.
  if (meta.status !== 202 || body !== null || !messageId) throw malformedResponse(PROVIDER, 'mail send');
  return {
    value: { messageId, recipients },
    units: { credits: recipients },
    model: 'mail.send',
    providerRequestId: messageId,
    meta: { recipients },
  };
}

export interface SendGridScopes {
  scopes: string[];
  canSendMail: boolean;
}

export function parseScopes(body: unknown): Metered<SendGridScopes> {
  const { scopes } = parseWith(PROVIDER, 'scopes', z.object({ scopes: z.array(z.string()) }), body);
  return { value: { scopes, canSendMail: scopes.includes('mail.send') }, units: {}, free: true };
}
