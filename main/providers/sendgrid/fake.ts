// A loopback SendGrid on the shared fake-server toolkit: POST /v3/mail/send validates the body and answers
// 202 with an empty body and an X-Message-Id, GET /v3/scopes lists the key's scopes, every answer carries
// X-RateLimit-Limit/Remaining/Reset, and errors use the recorded {errors:[…]} bodies (401, 403 for an
// unverified sender, 413 over 30 MB, 429 once the window is spent). Faults via `inject`.
import { createHash } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import badRequestBody from './fixtures/error-400.json';
import unauthorizedBody from './fixtures/error-401.json';
import forbiddenBody from './fixtures/error-403.json';
import tooLargeBody from './fixtures/error-413.json';
import rateLimitedBody from './fixtures/error-429.json';
import { MAX_MESSAGE_BYTES } from './client';

export const SENDGRID_FAKE_KEY = 'SG.fakeKeyId0123456789.fakeSecret0123456789abcdef';

export interface SendGridFakeOptions {
  apiKey?: string;
  /** Sender addresses that pass sender verification (default: the recorded examples' senders). */
  verifiedSenders?: string[];
  /** Requests per rate-limit window (default 600). */
  rateLimit?: number;
}

export interface SendGridFake extends FakeServer {
  readonly state: {
    sent: Array<{ messageId: string; from: string; recipients: number; subject: string | null }>;
    remaining: number;
  };
}

const error = (message: string, field: string | null, help?: string) => ({
  errors: [{ message, field, ...(help ? { help } : {}) }],
});

export async function startSendGridFake(options: SendGridFakeOptions = {}): Promise<SendGridFake> {
  const apiKey = options.apiKey ?? SENDGRID_FAKE_KEY;
  const verified = new Set(options.verifiedSenders ?? ['orders@example.com', 'sales@example.com']);
  const limit = options.rateLimit ?? 600;
  const state: SendGridFake['state'] = { sent: [], remaining: limit };
  const resetAt = () => String(Math.floor(Date.now() / 1000) + 60);
  const rateHeaders = () => ({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': resetAt(),
  });

  /** Spends one request of the window, or answers the recorded 429. */
  const spend = (reply: FakeReply): boolean => {
    if (state.remaining <= 0) {
      reply.json(429, rateLimitedBody, rateHeaders());
      return false;
    }
    state.remaining--;
    return true;
  };

  function send(req: FakeRequest, reply: FakeReply) {
    if (!spend(reply)) return;
    const b = req.json() as
      | {
          personalizations?: Array<{
            to?: unknown[];
            cc?: unknown[];
            bcc?: unknown[];
            from?: { email?: string };
            subject?: string;
          }>;
          from?: { email?: string };
          subject?: string;
          content?: unknown[];
          template_id?: string;
        }
      | undefined;
    if (!b) return reply.json(400, badRequestBody, rateHeaders());
    if (!Array.isArray(b.personalizations) || b.personalizations.length === 0) {
      return reply.json(
        400,
        error(
          'The personalizations field is required and must have at least one personalization.',
          'personalizations',
          'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#-Personalizations-Errors',
        ),
        rateHeaders(),
      );
    }
    if (!b.from?.email)
      return reply.json(400, error('The from object must be provided for every email send.', 'from'), rateHeaders());
    if (!b.template_id && (!Array.isArray(b.content) || b.content.length === 0)) {
      return reply.json(
        400,
        error('Unless a valid template_id is provided, the content parameter is required.', 'content'),
        rateHeaders(),
      );
    }
    const senders = [
      b.from.email,
      ...b.personalizations.map((p) => p.from?.email).filter((e): e is string => Boolean(e)),
    ];
    if (senders.some((s) => !verified.has(s))) return reply.json(403, forbiddenBody, rateHeaders());
    const recipients = b.personalizations.reduce(
      (n, p) => n + (p.to?.length ?? 0) + (p.cc?.length ?? 0) + (p.bcc?.length ?? 0),
      0,
    );
    const messageId = createHash('sha256').update(`${req.seq}:${req.body.length}`).digest('base64url').slice(0, 22);
    state.sent.push({
      messageId,
      from: b.from.email,
      recipients,
      subject: b.subject ?? b.personalizations[0]?.subject ?? null,
    });
    reply.text(202, '', 'text/plain; charset=utf-8', { 'x-message-id': messageId, ...rateHeaders() });
  }

  const server = await startFakeServer({
    authorize: (req) => req.headers.authorization === `Bearer ${apiKey}`,
    unauthorized: (_req, reply) => reply.json(401, unauthorizedBody),
    maxBodyBytes: MAX_MESSAGE_BYTES,
    tooLarge: (reply) => reply.json(413, tooLargeBody),
    routes: [
      { method: 'POST', path: '/v3/mail/send', handler: send },
      {
        method: 'GET',
        path: '/v3/scopes',
        handler: (_req, reply) => {
          if (spend(reply))
            reply.json(200, { scopes: ['mail.send', 'scopes.read', 'user.profile.read'] }, rateHeaders());
        },
      },
    ],
  });
  return Object.assign(server, { state });
}
