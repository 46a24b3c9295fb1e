// Body capture, only for keys the user turned it on for (usage-only by default): the request body the gateway
// read and the first MiB of the response, written to the data folder as <call id>.request / .response.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';

const RESPONSE_CAP = 1024 * 1024;

export interface BodyCapture {
  readonly dir: string;
  open(callId: string, requestBody: Buffer | null): { tee(): Transform };
}

export function createBodyCapture(dir: string): BodyCapture {
  return {
    dir,
    open(callId, requestBody) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, `${callId}.request`), requestBody ?? Buffer.from('(streamed body not captured)\n'), {
        mode: 0o600,
      });
      return {
        tee() {
          const file = createWriteStream(join(dir, `${callId}.response`), { mode: 0o600 });
          let kept = 0;
          return new Transform({
            transform(chunk: Buffer, _enc, done) {
              if (kept < RESPONSE_CAP) {
                const part = chunk.subarray(0, RESPONSE_CAP - kept);
                kept += part.length;
                file.write(part);
              }
              done(null, chunk);
            },
            flush(done) {
              file.end(done);
            },
          });
        },
      };
    },
  };
}
