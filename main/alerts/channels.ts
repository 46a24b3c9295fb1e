// Sends one alert message on each enabled channel. Email and SMS go through the gateway with the
// creator's own SendGrid / Twilio key, so each is a ledgered (and budgeted) call like any other.
import { request } from 'undici';
import type { Delivery, Preferences } from '../../preload/contract/settings';
import { redactSecrets } from '../core/redact';
import type { ProviderAccess } from '../providers/access';
import { sendMail } from '../providers/sendgrid/client';
import { sendSms } from '../providers/twilio/client';
import type { AlertMessage } from './messages';
import type { NotificationTarget, Notifier } from './notifier';

export type DeliveryKind = Delivery['kind'];

export interface ChannelDeps {
  providers: Pick<ProviderAccess, 'target'>;
  notifier: Notifier | null;
  now: () => Date;
  /** POSTs JSON; answers the HTTP status. Default: undici with a 10 s limit. */
  postJson?: (url: string, body: string) => Promise<number>;
}

const SMS_LIMIT = 320;

async function undiciPost(url: string, body: string): Promise<number> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'AICON Studio alerts' },
    body,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  await res.body.dump();
  return res.statusCode;
}

const describe = (e: unknown) => redactSecrets(e instanceof Error ? e.message : String(e)).slice(0, 300);

export async function deliver(
  d: ChannelDeps,
  prefs: Preferences,
  msg: AlertMessage,
  kind: DeliveryKind,
  target: NotificationTarget,
): Promise<Delivery[]> {
  const at = () => d.now().toISOString();
  const out: Delivery[] = [];
  const n = prefs.notifications;
  const attempt = async (channel: Delivery['channel'], send: () => Promise<string>) => {
    try {
      out.push({ channel, ok: true, detail: await send(), at: at(), kind });
    } catch (e) {
      out.push({ channel, ok: false, detail: describe(e), at: at(), kind });
    }
  };
  if (n.native) {
    await attempt('native', async () => {
      if (!d.notifier)
        throw new Error('desktop notifications need the desktop app (web mode shows alerts in the window)');
      d.notifier.notify({ title: msg.title, body: msg.body.split('\n').slice(0, 4).join('\n'), target });
      return 'desktop notification shown';
    });
  }
  if (n.email.enabled) {
    await attempt('email', async () => {
      const t = await d.providers.target('sendgrid', n.email.integrationId ?? undefined);
      await sendMail(t.gateway, t.credential, {
        personalizations: [{ to: [{ email: n.email.to }] }],
        from: { email: n.email.from, name: 'AICON Studio' },
        subject: msg.title,
        content: [{ type: 'text/plain', value: msg.body }],
        categories: ['aicon-alert'],
      });
      return `mail to ${n.email.to} accepted by SendGrid${t.demo ? ' (demo: the built-in fake)' : ''}`;
    });
  }
  if (n.sms.enabled) {
    await attempt('sms', async () => {
      const t = await d.providers.target('twilio', n.sms.integrationId ?? undefined);
      const text = `${msg.title}. ${msg.body.replace(/\n+/g, ' ')}`;
      await sendSms(t.gateway, t.credential, {
        to: n.sms.to,
        from: n.sms.from,
        body: [...text].length > SMS_LIMIT ? `${[...text].slice(0, SMS_LIMIT - 1).join('')}…` : text,
      });
      return `SMS to ${n.sms.to} accepted by Twilio${t.demo ? ' (demo: the built-in fake)' : ''}`;
    });
  }
  if (n.webhook.enabled) {
    await attempt('webhook', async () => {
      const status = await (d.postJson ?? undiciPost)(
        n.webhook.url,
        JSON.stringify({ title: msg.title, body: msg.body, ...msg.data }),
      );
      if (status < 200 || status >= 300) throw new Error(`the webhook answered HTTP ${status}`);
      return `webhook answered HTTP ${status}`;
    });
  }
  return out;
}
