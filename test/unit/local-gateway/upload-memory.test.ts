// A 200 MB multipart upload through the local gateway: the gateway streams it to the provider, so its process
// RSS (measured in a child process that holds only the app and its gateway; the provider fake runs here) stays
// far below the upload's size.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { startElevenLabsFake } from '../../../main/providers/elevenlabs/fake';

const MB = 1024 * 1024;
const SIZE = 200 * MB;
const CHILD = join(__dirname, 'rss-child.ts');

it('streams a 200 MB upload through with flat memory', async () => {
  const fake = await startElevenLabsFake();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, fake.url], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  try {
    const { url, secret } = (await next()) as { url: string; secret: string };
    child.stdin.write('start\n');
    await next();
    const boundary = 'aiconrssboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nBig\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(MB, 7);
    const body = Readable.from(
      (function* () {
        yield head;
        for (let i = 0; i < SIZE / MB; i++) yield chunk;
        yield tail;
      })(),
    );
    const u = new URL(url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: '/elevenlabs/v1/voices/add',
          method: 'POST',
          headers: {
            'xi-api-key': secret,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + SIZE + tail.length),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      body.pipe(req);
    });
    expect(status).toBe(200);
    child.stdin.write('done\n');
    const { growthBytes, ledgeredRequestBytes } = (await next()) as {
      growthBytes: number;
      ledgeredRequestBytes: number;
    };
    expect(ledgeredRequestBytes).toBe(head.length + SIZE + tail.length);
    console.log(`local gateway RSS growth during a 200 MB upload: ${(growthBytes / MB).toFixed(1)} MB`);
    // Buffering the upload anywhere in the gateway would add at least 200 MB.
    expect(growthBytes).toBeLessThan(100 * MB);
    expect(fake.state.clones.at(-1)?.files[0]?.bytes).toBe(SIZE);
  } finally {
    child.kill();
    await fake.close();
  }
}, 120_000);
