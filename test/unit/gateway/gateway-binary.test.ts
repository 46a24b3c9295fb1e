import { createWriteStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, type Metered, type ResponseMeta } from '../../../main/gateway/types';
import type { Step } from '../../helpers/fake-http';
import { startHarness, type Harness } from '../../helpers/gateway-harness';

const AUDIO = Buffer.alloc(512 * 1024, 0x55);
/** An audio download in 64 KiB chunks; `then` decides how it ends. */
const audio = (opts: { gapMs?: number; then?: 'end' | 'reset' | 'hang'; upTo?: number } = {}): Step => {
  const bytes = AUDIO.subarray(0, opts.upTo ?? AUDIO.length);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
  return {
    kind: 'reply',
    status: 200,
    headers: { 'content-type': 'audio/mpeg', 'character-cost': '42' },
    chunks,
    delayMs: 0,
    gapMs: opts.gapMs ?? 0,
    then: opts.then ?? 'end',
  };
};

/** Writes the body to a file; units come from the request (characters) and the provider's header. */
const toFile =
  (path: string) =>
  async (body: Readable, meta: ResponseMeta): Promise<Metered<string>> => {
    await pipeline(body, createWriteStream(path));
    return { value: path, units: { characters: Number(meta.headers['character-cost']) } };
  };

let h: Harness;
afterEach(async () => h?.close());

const dir = () => mkdtempSync(join(tmpdir(), 'gw-bin-'));
const tts = { path: '/tts', operation: 'voice_generation', estimatedUnits: { characters: 42 } } as const;

describe('gateway.binary', () => {
  it('streams the body to the sink and counts the bytes in the ledger', async () => {
    h = await startHarness();
    h.server.on('POST /v1/tts', audio());
    const file = join(dir(), 'out.mp3');
    const r = await h.gateway.binary(h.req(tts), toFile(file));
    expect(r).toMatchObject({ value: file, costNanos: 42 * 300, costSource: 'computed' });
    expect(statSync(file).size).toBe(AUDIO.length);
    expect(readFileSync(file).equals(AUDIO)).toBe(true);
    expect(h.ledger.rows[0]).toMatchObject({ status: 200, responseBytes: AUDIO.length, units: { characters: 42 } });
  });

  it('abort mid-download: rejects aborted, ledgers the pre-flight characters as estimated', async () => {
    h = await startHarness();
    // The server sends two chunks and then holds the connection; the user cancels once the first chunk is in.
    h.server.on('POST /v1/tts', audio({ upTo: 2 * 65_536, then: 'hang' }));
    const ac = new AbortController();
    const cancelOnFirstChunk = async (body: Readable): Promise<Metered<string>> => {
      for await (const _chunk of body) ac.abort();
      return { value: 'never', units: {} };
    };
    const e = await h.gateway.binary(h.req({ ...tts, signal: ac.signal }), cancelOnFirstChunk).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).kind).toBe('aborted');
    const [row] = h.ledger.rows;
    expect(row).toMatchObject({
      errorCode: 'aborted',
      costSource: 'estimated',
      costNanos: 42 * 300,
      units: { characters: 42 },
    });
    expect(row!.responseBytes).toBeGreaterThan(0);
    expect(row!.responseBytes).toBeLessThan(AUDIO.length);
  });

  it('a connection lost mid-download is a network error, estimated', async () => {
    h = await startHarness();
    h.server.on('POST /v1/tts', audio({ upTo: 3 * 65_536, then: 'reset' }));
    const e = await h.gateway.binary(h.req(tts), toFile(join(dir(), 'reset.mp3'))).catch((x: unknown) => x);
    expect((e as ProviderError).kind).toBe('network');
    expect(h.ledger.rows[0]).toMatchObject({ costSource: 'estimated', errorCode: expect.stringMatching(/^network:/) });
  });

  it('a local sink failure (disk) is ledgered against the billed download and surfaced unchanged', async () => {
    h = await startHarness();
    h.server.on('POST /v1/tts', audio());
    const diskFull = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const e = await h.gateway
      .binary(h.req(tts), async (body) => {
        for await (const _chunk of body) throw diskFull;
        return { value: 'never', units: {} };
      })
      .catch((x: unknown) => x);
    expect(e).toBe(diskFull);
    expect(h.ledger.rows[0]).toMatchObject({
      status: 200,
      errorCode: 'local_error',
      costSource: 'estimated',
      costNanos: 42 * 300,
    });
    expect(h.budgets.open.size).toBe(0);
  });
});
