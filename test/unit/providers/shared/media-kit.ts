// What every media-provider test (ElevenLabs, HeyGen, Exa, Twilio, SendGrid, Apollo) shares: the recorded
// examples and their shipped copies, a ProviderError catcher, a fake + real gateway pair rebuilt around each
// test, and the fault-injection drills (429/5xx storms, malformed bodies, hangs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { ProviderError, ProviderErrorKind, ProviderId } from '../../../../main/gateway/types';
import type { Fault, FaultMatch, FakeServer } from '../../../../main/providers/shared/fake-server';
import { examplesDir } from '../../../helpers/examples';
import { failure } from '../../../helpers/provider-error';
import { startMediaGateway, type MediaGateway } from '../../../helpers/media-gateway';

/** Plain functions (no `this`), so tests may destructure them. */
export interface RecordedExamples {
  text: (name: string) => string;
  json: (name: string) => unknown;
  /** Asserts that main/providers/<provider>/fixtures ships byte-identical copies of these recorded examples. */
  expectShippedCopies: (names: readonly string[]) => void;
}

export function recordedExamples(provider: ProviderId): RecordedExamples {
  const dir = examplesDir(provider);
  const fixtures = join(__dirname, '../../../../main/providers', provider, 'fixtures');
  const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    text,
    json: (name) => JSON.parse(text(name)),
    expectShippedCopies: (names) => {
      for (const name of names) expect(readFileSync(join(fixtures, name), 'utf8'), name).toBe(text(name));
    },
  };
}

export { failure };

export type MediaUrls = Parameters<typeof startMediaGateway>[0];

export interface FakeGatewayPair<F, O> {
  /** The fake of the running test. */
  readonly fake: F;
  /** The real gateway (in-memory ledger, budgets, limiter) pointed at `fake`. */
  readonly gw: MediaGateway;
  /** Replaces both with a fake started with `options` (limits, credits, keys) and a gateway pointed at it. */
  restart(options: O): Promise<void>;
  /** A fresh gateway against the same fake, as after an app restart. */
  restartGateway(): Promise<void>;
}

/** Starts a fake and a gateway pointed at it before each test of the enclosing describe; closes both after. */
export function useFakeGateway<F extends Pick<FakeServer, 'close'>, O>(
  start: (options?: O) => Promise<F>,
  urls: (fake: F) => MediaUrls,
): FakeGatewayPair<F, O> {
  let fake: F | null = null;
  let gw: MediaGateway | null = null;
  const closeBoth = async () => {
    await gw?.close();
    await fake?.close();
    gw = null;
    fake = null;
  };
  const open = async (options?: O) => {
    fake = await start(options);
    gw = startMediaGateway(urls(fake));
  };
  beforeEach(() => open());
  afterEach(closeBoth);
  const running = <T>(value: T | null): T => {
    if (value === null) throw new Error('the fake and gateway exist only inside a test');
    return value;
  };
  return {
    get fake() {
      return running(fake);
    },
    get gw() {
      return running(gw);
    },
    async restart(options) {
      await closeBoth();
      await open(options);
    },
    async restartGateway() {
      await running(gw).close();
      gw = startMediaGateway(urls(running(fake)));
    },
  };
}

type Injectable = Pick<FakeServer, 'inject'>;

/** A 429 that asks to retry at once (Retry-After: 0), with the provider's error body. */
export const tooManyRequests = (body: string | object): Fault => ({
  type: 'status',
  status: 429,
  body,
  headers: { 'retry-after': '0' },
});

/** A 5xx with an optional body (an empty body by default, as load balancers send). */
export const serverError = (status: number, body: string | object = '', headers?: Record<string, string>): Fault => ({
  type: 'status',
  status,
  body,
  ...(headers ? { headers } : {}),
});

/**
 * Injects `faults` in order on requests matching `match`, then expects the call to get through on the attempt
 * after the last fault (one retry per fault). Returns the call's result for further checks.
 */
export async function expectRetriedPast<R extends { attempts: number }>(
  fake: Injectable,
  faults: readonly Fault[],
  match: FaultMatch | undefined,
  call: () => Promise<R>,
): Promise<R> {
  for (const fault of faults) fake.inject(fault, match);
  const result = await call();
  expect(result.attempts).toBe(faults.length + 1);
  return result;
}

/** Injects one fault and expects the call to fail with an error of `kind`; returns the error for further checks. */
export async function expectFault(
  fake: Injectable,
  fault: Fault,
  match: FaultMatch | undefined,
  call: () => Promise<unknown>,
  kind: ProviderErrorKind,
): Promise<ProviderError> {
  fake.inject(fault, match);
  const e = await failure(call());
  expect(e.kind).toBe(kind);
  return e;
}
