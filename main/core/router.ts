// The IPC router: one dispatch for Electron IPC and web mode. Validates sender, input and output.
import { config, type z } from 'zod';
import {
  contract,
  isChannel,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type Result,
} from '../../preload/contract';
import { AppError, isAppError } from './errors';
import { redactSecrets } from './redact';
import { storageError } from './storage-errors';
import type { Logger } from './logger';

// Zod's compiled fast path costs ~0.3 s of compiling on the first calls (the first chart waits for it); checking
// the plain way is quick enough for IPC payloads.
config({ jitless: true });

/** Who sent a call. Electron: the frame; web mode: the HTTP server already checked token/Host/Origin. */
export type Sender =
  | { kind: 'electron'; frameUrl: string; isMainFrame: boolean }
  | { kind: 'web'; authenticated: boolean };

export type Handler<C extends Channel> = (
  input: z.output<(typeof contract)[C]['input']>,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
export type Handlers = { [C in Channel]: Handler<C> };
export type PartialHandlers = Partial<Handlers>;

export interface RouterOptions {
  handlers: Handlers;
  isTrustedSender: (sender: Sender) => boolean;
  logger: Logger;
}

export interface Router {
  dispatch(sender: Sender, channel: string, raw: unknown): Promise<Result<unknown>>;
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

const scrubbed = (shape: ReturnType<AppError['toShape']>): ReturnType<AppError['toShape']> => ({
  ...shape,
  message: redactSecrets(shape.message),
});

export function createRouter({ handlers, isTrustedSender, logger }: RouterOptions): Router {
  async function run(channel: Channel, raw: unknown): Promise<unknown> {
    const spec = contract[channel];
    const parsed = spec.input.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new AppError('invalid_input', `Invalid input for ${channel}: ${describeIssues(parsed.error)}`);
    }
    const handler = handlers[channel] as (input: unknown) => unknown;
    const output = await handler(parsed.data);
    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      logger.error(`router: ${channel} produced output outside its schema: ${describeIssues(checked.error)}`);
      throw new AppError('internal', `Internal error in ${channel}`);
    }
    return checked.data;
  }

  return {
    async dispatch(sender, channel, raw) {
      if (typeof channel !== 'string' || !isChannel(channel)) {
        return {
          ok: false,
          error: { code: 'unknown_channel', message: `Unknown channel: ${String(channel).slice(0, 80)}` },
        };
      }
      if (!isTrustedSender(sender)) {
        logger.warn(`router: rejected ${channel} from untrusted sender ${JSON.stringify(sender).slice(0, 200)}`);
        return { ok: false, error: { code: 'forbidden_sender', message: 'Sender is not allowed to call the app' } };
      }
      try {
        return { ok: true, data: await run(channel, raw) };
      } catch (e) {
        // Messages are scrubbed of key values on the way out: a provider may echo a key into an error.
        if (isAppError(e)) return { ok: false, error: scrubbed(e.toShape()) };
        const storage = storageError(e);
        if (storage) {
          logger.error(`router: ${channel} failed on storage`, e);
          return { ok: false, error: storage.toShape() };
        }
        logger.error(`router: ${channel} failed`, e);
        return { ok: false, error: { code: 'internal', message: `Internal error in ${channel}` } };
      }
    },
    async call(channel, input) {
      return (await run(channel, input)) as ChannelOutput<typeof channel>;
    },
  };
}

/** Fails fast at startup when a contract channel has no handler (or a handler has no channel). */
export function assembleHandlers(...groups: PartialHandlers[]): Handlers {
  const all: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      if (!isChannel(name)) throw new Error(`Handler for unknown channel ${name}`);
      if (all[name]) throw new Error(`Two handlers for channel ${name}`);
      all[name] = fn;
    }
  }
  const missing = Object.keys(contract).filter((c) => !all[c]);
  if (missing.length) throw new Error(`Channels without a handler: ${missing.join(', ')}`);
  return all as Handlers;
}
