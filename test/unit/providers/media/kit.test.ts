// The media providers' shared pieces: streaming multipart scanner, streaming/binary fake server, file sink,
// and the demo-mode bundle of all six fakes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMediaDemoFakes } from '../../../../main/providers/demo';
import { MEDIA_DESCRIPTORS, MEDIA_HEALTH_CHECKS } from '../../../../main/providers/media';
import { search } from '../../../../main/providers/exa';
import { joinFiles, saveStream } from '../../../../main/providers/shared/file-sink';
import { multipartBoundary, scanMultipart } from '../../../../main/providers/shared/multipart-scan';
import { startStreamFakeServer } from '../../../../main/providers/shared/stream-fake-server';
import { startMediaGateway } from '../../../helpers/media-gateway';
import { useTempDir } from '../shared/temp-files';

const dir = useTempDir('aicon-kit-');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Re-chunks a buffer into pieces of `size` bytes, so boundaries fall across chunk edges. */
function chunked(buf: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) pieces.push(buf.subarray(i, i + size));
  return Readable.from(pieces);
}

describe('scanMultipart', () => {
  it('reads fields and repeated file parts whatever the chunking', async () => {
    const a = Buffer.alloc(5000, 0x61);
    const b = Buffer.from('\r\n--not-the-boundary\r\n'.repeat(50));
    const form = new FormData();
    form.append('name', 'My voice');
    form.append('files', new Blob([a], { type: 'audio/mpeg' }), 'a.mp3');
    form.append('files', new Blob([b], { type: 'audio/wav' }), 'b.wav');
    const res = new Response(form);
    const body = Buffer.from(await res.arrayBuffer());
    const boundary = multipartBoundary(res.headers.get('content-type') ?? undefined)!;
    for (const size of [1, 7, 100, body.length]) {
      const parts = await scanMultipart(chunked(body, size), boundary);
      expect(parts.map((p) => [p.name, p.filename, p.contentType, p.bytes, p.text])).toEqual([
        ['name', null, null, 8, 'My voice'],
        ['files', 'a.mp3', 'audio/mpeg', 5000, null],
        ['files', 'b.wav', 'audio/wav', b.length, null],
      ]);
      expect(parts[2]?.sha256).toBe(sha(b));
    }
  });

  it('parses quoted boundaries and rejects a body without its closing boundary', async () => {
    expect(multipartBoundary('multipart/form-data; boundary="abc def"')).toBe('abc def');
    expect(multipartBoundary('application/json')).toBeNull();
    await expect(
      scanMultipart(Readable.from([Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue')]), 'x'),
    ).rejects.toThrow('closing boundary');
  });
});

describe('stream fake server', () => {
  it('serves binary bodies, records redacted headers and applies every fault', async () => {
    const server = await startStreamFakeServer({
      authorize: (req) => req.headers['x-api-key'] === 'k',
      routes: [
        {
          method: 'GET',
          path: '/bin',
          handler: (_q, r) => r.binary(200, Buffer.from([0, 1, 2, 255]), 'application/octet-stream'),
        },
        { method: 'GET', path: '/json', handler: (_q, r) => r.json(200, { ok: true, padding: 'x'.repeat(100) }) },
        { method: 'POST', path: '/big', handler: async (q, r) => r.json(200, { bytes: (await q.buffer()).length }) },
      ],
      maxBodyBytes: 10,
    });
    const url = (p: string) => `${server.url}${p}`;
    const h = { 'x-api-key': 'k' };
    try {
      const bin = await request(url('/bin'), { headers: h });
      expect([...Buffer.from(await bin.body.arrayBuffer())]).toEqual([0, 1, 2, 255]);
      expect(server.requests[0]?.headers['x-api-key']).toBe('[redacted]');
      expect((await request(url('/bin'))).statusCode).toBe(401);

      server.inject({ type: 'status', status: 503, body: 'down', headers: { 'content-type': 'text/plain' } });
      expect((await request(url('/json'), { headers: h })).statusCode).toBe(503);
      server.inject({ type: 'malformed_json' });
      const bad = await request(url('/json'), { headers: h });
      await expect(bad.body.json()).rejects.toThrow();
      server.inject({ type: 'truncate', afterBytes: 10 });
      await expect(request(url('/json'), { headers: h }).then((r) => r.body.text())).rejects.toThrow();
      server.inject({ type: 'reset' });
      await expect(request(url('/json'), { headers: h })).rejects.toThrow();
      server.inject({ type: 'hang' });
      await expect(request(url('/json'), { headers: h, headersTimeout: 100 })).rejects.toThrow();
      server.inject({ type: 'delay', ms: 30 });
      expect((await request(url('/json'), { headers: h })).statusCode).toBe(200);
      expect((await request(url('/big'), { method: 'POST', headers: h, body: 'x'.repeat(11) })).statusCode).toBe(413);
      expect(server.requests.map((r) => r.fault)).toContain('truncate');
    } finally {
      await server.close();
    }
  });
});

describe('file sink', () => {
  it('hashes while writing and renames only when complete', async () => {
    const data = Buffer.from('audio bytes '.repeat(1000));
    const saved = await saveStream(chunked(data, 333), join(dir, 'a.bin'));
    expect(saved).toEqual({ path: join(dir, 'a.bin'), bytes: data.length, sha256: sha(data) });
    await expect(saveStream(chunked(data, 333), join(dir, 'b.bin'), { maxBytes: 100 })).rejects.toThrow(
      'larger than 100',
    );
    expect(existsSync(join(dir, 'b.bin'))).toBe(false);
    expect(existsSync(join(dir, 'b.bin.part'))).toBe(false);
  });

  it('joins pieces in order and deletes them', async () => {
    await saveStream(Readable.from([Buffer.from('one ')]), join(dir, 'p0'));
    await saveStream(Readable.from([Buffer.from('two')]), join(dir, 'p1'));
    const joined = await joinFiles([join(dir, 'p0'), join(dir, 'p1')], join(dir, 'joined'));
    expect(readFileSync(joined.path, 'utf8')).toBe('one two');
    expect([existsSync(join(dir, 'p0')), existsSync(join(dir, 'p1'))]).toEqual([false, false]);
  });
});

describe('demo mode: all six fakes', () => {
  it('start together and answer every health check for free', async () => {
    const fakes = await startMediaDemoFakes();
    const gw = startMediaGateway(fakes.baseUrls);
    try {
      const details: Record<string, string> = {};
      for (const [id, check] of Object.entries(MEDIA_HEALTH_CHECKS)) {
        const r = await check(gw.gateway, fakes.credentials[id as keyof typeof fakes.credentials]);
        expect(r.costNanos, id).toBe(0);
        details[id] = r.value.detail;
      }
      expect(details).toEqual({
        elevenlabs: 'trial plan, 82769 credits left',
        heygen: '$125.50 in the wallet',
        exa: 'Exa has no free endpoint; the key is verified by its first search.',
        twilio: 'Full active',
        sendgrid: '3 scopes, can send mail',
        apollo: 'team 6095a710bd01d100a506d4ac',
      });
      // Exa's check sent nothing; the five others made one free call each.
      expect((await gw.rows()).map((r) => [r.provider, r.costNanos])).toEqual([
        ['elevenlabs', 0],
        ['heygen', 0],
        ['twilio', 0],
        ['sendgrid', 0],
        ['apollo', 0],
      ]);
      expect((await search(gw.gateway, fakes.credentials.exa, { query: 'demo' })).costSource).toBe('provider_reported');
      expect(Object.keys(MEDIA_DESCRIPTORS).sort()).toEqual([
        'apollo',
        'elevenlabs',
        'exa',
        'heygen',
        'sendgrid',
        'twilio',
      ]);
    } finally {
      await gw.close();
      await fakes.close();
    }
  });
});
