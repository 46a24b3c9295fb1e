// SendGrid v3 mail send over the gateway. Not idempotent (a resent request is a second email), so never
// retried automatically; the request is checked against SendGrid's documented limits before sending.
import type { Credential, Gateway, GatewayResult } from '../../gateway/types';
import { badInput, limitExceeded } from '../shared/parse-kit';
import { meterMailSend, type SentMail } from './usage';

const PROVIDER = 'sendgrid' as const;
/** Total message size SendGrid accepts, attachments included. */
export const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;
export const MAX_RECIPIENTS = 1000;

export interface EmailAddress {
  email: string;
  name?: string;
}

export interface Personalization {
  to: EmailAddress[];
  cc?: EmailAddress[];
  bcc?: EmailAddress[];
  from?: EmailAddress;
  subject?: string;
  dynamic_template_data?: Record<string, unknown>;
  custom_args?: Record<string, string>;
  send_at?: number;
}

/** The v3 /mail/send body (sendgrid-oai tsg_mail_v3.json). */
export interface SendGridMail {
  personalizations: Personalization[];
  from: EmailAddress;
  reply_to?: EmailAddress;
  subject?: string;
  content?: Array<{ type: string; value: string }>;
  template_id?: string;
  attachments?: Array<{ content: string; filename: string; type?: string; disposition?: string; content_id?: string }>;
  categories?: string[];
  custom_args?: Record<string, string>;
  send_at?: number;
  batch_id?: string;
  asm?: { group_id: number; groups_to_display?: number[] };
  ip_pool_name?: string;
  mail_settings?: Record<string, unknown>;
  tracking_settings?: Record<string, unknown>;
}

export interface SendContext {
  jobId?: string;
  contentId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const countRecipients = (mail: SendGridMail): number =>
  mail.personalizations.reduce((n, p) => n + p.to.length + (p.cc?.length ?? 0) + (p.bcc?.length ?? 0), 0);

export async function sendMail(
  gateway: Gateway,
  credential: Credential,
  mail: SendGridMail,
  c: SendContext = {},
): Promise<GatewayResult<SentMail>> {
  if (mail.personalizations.length === 0)
    throw badInput(PROVIDER, 'a mail needs at least one personalization', 'missing_personalizations');
  if (!mail.content?.length && !mail.template_id)
    throw badInput(PROVIDER, 'a mail needs content or a template_id', 'missing_content');
  const recipients = countRecipients(mail);
  if (recipients > MAX_RECIPIENTS)
    throw limitExceeded(
      PROVIDER,
      `${recipients} recipients; SendGrid accepts at most ${MAX_RECIPIENTS} per request`,
      'too_many_recipients',
    );
  const body = JSON.stringify(mail);
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_MESSAGE_BYTES)
    throw limitExceeded(PROVIDER, `message is ${bytes} bytes; SendGrid accepts at most 30 MB`, 'message_too_large');
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'messaging',
      endpoint: 'mail.send',
      method: 'POST',
      path: '/v3/mail/send',
      headers: { 'content-type': 'application/json' },
      body,
      bodyBytes: bytes,
      model: 'mail.send',
      idempotent: false,
      // One email per recipient against the plan's quota, priced by your $/email (a price override on "credits":
      // SendGrid publishes no per-email price). Without one the cost is unknown: refused under a hard budget.
      worstCaseUnits: { credits: recipients },
      estimatedUnits: { credits: recipients },
      credential,
      ...(c.jobId ? { jobId: c.jobId } : {}),
      ...(c.contentId ? { contentId: c.contentId } : {}),
      ...(c.signal ? { signal: c.signal } : {}),
      ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
    },
    (b, meta) => meterMailSend(b, meta, recipients),
  );
}
