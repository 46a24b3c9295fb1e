// A transcription uploaded through the local gateway is spooled and measured before it is sent: its model field
// and its audio's demuxed duration bound the call, so a hard budget admits it when there is room and refuses it
// clearly when there is not. The write-ahead row's cost (its reservation) is read back by a temp trigger on the
// app's own connection, and compared with what the fake then billed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { BudgetRepository } from '../../../main/budgets/repository';
import { localGatewayFixture } from './harness';

const g = localGatewayFixture();
const client = () => new OpenAI({ apiKey: g.secret, baseURL: `${g.url}/openai/v1`, maxRetries: 0 });

/** `seconds` of 16 kHz mono 16-bit PCM (a quiet ramp, so it is not all zeros). */
function wav(seconds: number): Buffer {
  const data = Math.round(16_000 * seconds) * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(b.length - 8, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16_000, 24);
  b.writeUInt32LE(32_000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  for (let i = 44; i + 1 < b.length; i += 2) b.writeInt16LE(((i >> 1) % 200) - 100, i);
  return b;
}

/** The cost each write-ahead row was written with (its worst case), by call id. */
const reserved = () =>
  new Map(
    (
      g.app.db.prepare('SELECT call_id, cost_nanos FROM temp.write_ahead').all() as {
        call_id: string;
        cost_nanos: number | null;
      }[]
    ).map((r) => [r.call_id, r.cost_nanos]),
  );

beforeAll(() => {
  g.app.db.exec(`CREATE TEMP TABLE write_ahead (call_id TEXT, cost_nanos INTEGER);
    CREATE TEMP TRIGGER write_ahead_cost AFTER INSERT ON main.calls WHEN NEW.status IS NULL
    BEGIN INSERT INTO write_ahead VALUES (NEW.call_id, NEW.cost_nanos); END;`);
});

describe('transcription through the local gateway: worst case from the uploaded audio', () => {
  const budgets = () => new BudgetRepository(g.app.db);
  let budgetId = 0;
  beforeAll(() => {
    budgetId = budgets().create({
      scope: 'provider',
      scopeId: 'openai',
      period: 'month',
      limitNanos: 1e12,
      mode: 'hard',
      thresholds: [50, 80, 100],
      enabled: true,
    }).id;
  });

  for (const [model, seconds, modelFirst] of [
    ['whisper-1', 12.4, true],
    ['gpt-4o-transcribe', 7.2, true],
    ['gpt-4o-mini-transcribe', 21.7, false],
  ] as const) {
    it(`${model}: reserved at least what the fake billed, under a hard budget with room`, async () => {
      const file = await toFile(wav(seconds), 'clip.wav', { type: 'audio/wav' });
      // The SDK sends the fields in the order given: the model before or after the audio.
      const r = await client().audio.transcriptions.create(modelFirst ? { model, file } : { file, model });
      expect(typeof r.text).toBe('string');
      const row = g.last('openai');
      expect(row.endpoint).toBe('audio.transcriptions');
      expect(row.model).toBe(model);
      expect(row.cost_source).toBe('computed');
      expect(row.cost_nanos).toBeGreaterThan(0);
      const worst = reserved().get(row.call_id);
      expect(worst).toBeGreaterThanOrEqual(row.cost_nanos ?? Number.POSITIVE_INFINITY);
      if (model === 'whisper-1') expect(row.u_seconds).toBe(Math.ceil(seconds));
    });
  }

  it('FLAC silence (far below any "minimum bitrate") is still bounded by its length, not its size', async () => {
    // Written to a file (not a pipe) so its STREAMINFO carries the length the fake bills from.
    const path = join(mkdtempSync(join(tmpdir(), 'aicon-flac-')), 'silence.flac');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '30', path]);
    const flac = readFileSync(path);
    rmSync(join(path, '..'), { recursive: true, force: true });
    // 30 s in a few KiB: a size-based bound at 8 kbit/s would allow only a few seconds.
    expect(flac.length).toBeLessThan(30 * 1000);
    await client().audio.transcriptions.create({
      model: 'whisper-1',
      file: await toFile(flac, 'silence.flac', { type: 'audio/flac' }),
    });
    const row = g.last('openai');
    expect(row.u_seconds).toBe(30);
    expect(reserved().get(row.call_id)).toBeGreaterThanOrEqual(row.cost_nanos ?? Number.POSITIVE_INFINITY);
  });

  it('without room for the worst case: refused before sending, the message names the budget', async () => {
    const before = g.rows("p.endpoint = 'audio.transcriptions'").length;
    budgets().update(budgetId, { limitNanos: 1 });
    try {
      const e = await client()
        .audio.transcriptions.create({
          model: 'whisper-1',
          file: await toFile(wav(5), 'clip.wav', { type: 'audio/wav' }),
        })
        .catch((x: unknown) => x as { status?: number; message?: string });
      expect(e).toMatchObject({ status: 429 });
      expect((e as { message: string }).message).toMatch(/budget/i);
      expect(g.rows("p.endpoint = 'audio.transcriptions'")).toHaveLength(before);
    } finally {
      budgets().update(budgetId, { limitNanos: 1e12 });
    }
  });

  it('audio it cannot measure has an unknown cost: refused under the hard budget, naming the model', async () => {
    const e = await client()
      .audio.transcriptions.create({
        model: 'whisper-1',
        file: await toFile(Buffer.from('not audio at all'), 'clip.wav', { type: 'audio/wav' }),
      })
      .catch((x: unknown) => x as { status?: number; message?: string });
    expect(e).toMatchObject({ status: 429 });
    expect((e as { message: string }).message).toMatch(/whisper-1/);
  });
});
