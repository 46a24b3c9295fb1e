// Child process for the upload memory test: the app with its local gateway alone in a process (the ElevenLabs
// fake it forwards to runs in the parent, given as argv[2]), so this RSS is the gateway's. Protocol on stdio: prints {url, secret}; "start" -> records the baseline
// and samples RSS every 10 ms; "done" -> prints {growthBytes} and exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApp } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { ELEVENLABS_FAKE_KEY } from '../../../main/providers/elevenlabs/fake';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'aicon-lgw-rss-'));
  const app = createApp({
    dataDir: dir,
    mode: 'web',
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    gatewayPort: 0,
  });
  const fakeUrl = process.argv[2] ?? '';
  app.providers.attachDemo({
    baseUrl: (provider) => (provider === 'elevenlabs' ? fakeUrl : null),
    credential: () => ({ secret: ELEVENLABS_FAKE_KEY }),
    close: async () => {},
  });
  const status = await app.localGateway.apply();
  const { secret } = app.localGateway.mint({ name: 'rss', providers: ['elevenlabs'] });
  console.log(JSON.stringify({ url: status.url, secret }));
  let baseline = 0;
  let peak = 0;
  let timer: NodeJS.Timeout | null = null;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'start') {
      baseline = process.memoryUsage().rss;
      peak = baseline;
      timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      console.log(JSON.stringify({ started: true }));
    } else if (line === 'done') {
      if (timer) clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      const rows = app.db.prepare('SELECT request_bytes FROM calls ORDER BY id DESC LIMIT 1').get() as {
        request_bytes: number;
      };
      console.log(JSON.stringify({ growthBytes: peak - baseline, ledgeredRequestBytes: rows.request_bytes }));
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  }
}

void main();
