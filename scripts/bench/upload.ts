// Long-recording memory benchmark: a 2 GB recording goes through the path a web-mode user's drop takes — POST
// /api/upload's real handler (streamed to disk, sniffed, registered, its checksum job hashing it) — and then the
// transcription step's own extraction: ffprobe for the plan, ffmpeg cutting every chunk (the job's functions,
// without the provider call). The process's RSS is sampled throughout; the figure is the peak over the baseline
// taken once the app is open. Measured, never asserted.
// The recording is a 2 GB WAV (48 kHz stereo, ~2.9 h of silence) written as a header plus a sparse tail, so it
// takes no time to make and no disk until it is uploaded (the upload writes all 2 GB).
// Run alone: npx tsx scripts/bench/upload.ts [--quick] [--bytes N]   (prints JSON; does not touch bench/results.json)
import { mkdtempSync, rmSync, statSync, writeFileSync, truncateSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../main/app';
import { silentLogger } from '../../main/core/logger';
import { chunkAt } from '../../main/recordings/chunks';
import { extractAudioChunk } from '../../main/recordings/ffmpeg';
import { mediaToolsOf, transcriptionRoute } from '../../main/workflows/transcribe';

export interface UploadBenchResult {
  upload_bytes: number;
  upload_s: number;
  upload_mb_per_s: number;
  extract_chunks: number;
  extract_s: number;
  /** Peak RSS over the baseline while uploading and extracting. */
  upload_2gb_rss_growth_mb: number;
  /** The same, up to the end of the upload (before extraction). */
  upload_only_rss_growth_mb: number;
  upload_rss_baseline_mb: number;
}

const TWO_GB = 2_000_000_000;
const RATE = 48_000;
const CHANNELS = 2;

/** A canonical 44-byte PCM WAV header for `dataBytes` of 16-bit samples. */
function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(CHANNELS, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * CHANNELS * 2, 28);
  h.writeUInt16LE(CHANNELS * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

function sampleRss() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * The browser's side of the upload, in its own process (as in web mode, where the page streams the File):
 * only the app's memory is measured here.
 */
function post(port: number, path: string, file: string, size: number): Promise<{ status: number; body: string }> {
  const client = `
    const http = require('node:http');
    const fs = require('node:fs');
    const req = http.request({ host: '127.0.0.1', port: ${port}, path: ${JSON.stringify(path)}, method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': '${size}' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => process.stdout.write(JSON.stringify({ status: res.statusCode, body })));
    });
    req.on('error', (e) => { console.error(e.message); process.exit(1); });
    fs.createReadStream(${JSON.stringify(file)}, { highWaterMark: 256 * 1024 }).pipe(req);`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', client], { maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as { status: number; body: string });
    });
  });
}

export async function runUploadBench(opts: { quick?: boolean; bytes?: number } = {}): Promise<UploadBenchResult> {
  const SIZE = opts.bytes ?? TWO_GB;
  const dir = mkdtempSync(join(tmpdir(), 'aicon-bench-upload-'));
  const source = join(dir, 'long-recording.wav');
  writeFileSync(source, wavHeader(SIZE - 44));
  truncateSync(source, SIZE);
  const app = createApp({
    dataDir: join(dir, 'data'),
    mode: 'web',
    demo: true,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
  });
  // The same handler web mode mounts at /api/upload (main/web/server.ts), behind a bare loopback server.
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void app.uploads(req, url.searchParams).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    // Warm-up: one small recording through the same path first, so modules loaded and code compiled on first
    // use (file-type, the upload route, ffprobe's plan) are in the baseline; the figure is what size adds.
    const small = join(dir, 'warm-up.wav');
    writeFileSync(small, wavHeader(RATE * CHANNELS * 2 * 10));
    truncateSync(small, 44 + RATE * CHANNELS * 2 * 10);
    const warm = await post(port, '/api/upload?purpose=transcription&name=warm-up.wav', small, statSync(small).size);
    const warmFile = app.files.get((JSON.parse(warm.body) as { data: { id: string } }).data.id);
    await app.jobs.whenSettled(warmFile.checksumJobId ?? '');
    const warmPath = app.db
      .prepare<[string], { path: string }>('SELECT path FROM files WHERE id = ?')
      .get(warmFile.id)!;
    await transcriptionRoute(app, warmFile, warmPath.path);

    global.gc?.();
    const baseline = process.memoryUsage.rss();
    const rss = sampleRss();
    const t0 = performance.now();
    const res = await post(port, '/api/upload?purpose=transcription&name=long-recording.wav', source, SIZE);
    const uploadS = (performance.now() - t0) / 1000;
    const uploadPeak = rss.peak();
    const reply = JSON.parse(res.body) as { ok: boolean; data?: { id: string }; error?: { message: string } };
    if (!reply.ok || !reply.data) throw new Error(`upload refused: ${reply.error?.message ?? res.status}`);
    const file = app.files.get(reply.data.id);

    const t1 = performance.now();
    const { path } = app.db.prepare<[string], { path: string }>('SELECT path FROM files WHERE id = ?').get(file.id)!;
    const route = await transcriptionRoute(app, file, path);
    if (route.mode !== 'chunked') throw new Error('a 2 GB recording should be chunked');
    const tools = mediaToolsOf(app);
    const count = opts.quick ? 1 : route.plan.count;
    for (let i = 0; i < count; i++) {
      const out = join(dir, `part-${i}.mp3`);
      await extractAudioChunk(tools, path, chunkAt(route.plan, i), out);
      if (statSync(out).size === 0) throw new Error(`chunk ${i} is empty`);
      rmSync(out);
    }
    const extractS = (performance.now() - t1) / 1000;
    await app.jobs.whenSettled(file.checksumJobId ?? '');
    const peak = rss.stop();
    return {
      upload_bytes: SIZE,
      upload_s: Number(uploadS.toFixed(1)),
      upload_mb_per_s: Number((SIZE / 1e6 / uploadS).toFixed(0)),
      extract_chunks: count,
      extract_s: Number(extractS.toFixed(1)),
      upload_2gb_rss_growth_mb: Number(((peak - baseline) / 1024 / 1024).toFixed(1)),
      upload_only_rss_growth_mb: Number(((uploadPeak - baseline) / 1024 / 1024).toFixed(1)),
      upload_rss_baseline_mb: Number((baseline / 1024 / 1024).toFixed(1)),
    };
  } finally {
    server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /upload\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--bytes');
  void runUploadBench({
    quick: process.argv.includes('--quick'),
    ...(i > 0 ? { bytes: Number(process.argv[i + 1]) } : {}),
  }).then((r) => console.log(JSON.stringify(r)));
}
