// Reliability: a writer killed with SIGKILL mid-burst loses nothing it committed, and the file opens clean.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { tempDb } from './support';

const WRITER = join(__dirname, 'fixtures', 'burst-writer.ts');

describe('crash safety', () => {
  it('keeps every committed row after SIGKILL during a burst and passes integrity_check', async () => {
    const t = tempDb();
    t.db.close();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, t.file], { stdio: ['ignore', 'pipe', 'pipe'] });
      const committed: number[] = [];
      let buffer = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      await new Promise<void>((resolve, reject) => {
        child.on('exit', () => reject(new Error(`writer exited early: ${stderr.slice(0, 500)}`)));
        child.stdout.on('data', (d: Buffer) => {
          buffer += d.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          committed.push(...lines.filter(Boolean).map(Number));
          if (committed.length >= 500) resolve();
        });
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const db = openDatabase(t.file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const present = new Set((db.prepare('SELECT id FROM calls').all() as Array<{ id: number }>).map((r) => r.id));
        expect(committed.filter((id) => !present.has(id))).toEqual([]);
        // The rollups committed with the rows: totals agree.
        const raw = db.prepare('SELECT COUNT(*) n, SUM(cost_nanos) c FROM calls').get() as { n: number; c: number };
        const rolled = db.prepare('SELECT SUM(attempts) n, SUM(cost_nanos) c FROM call_rollups_hourly').get() as {
          n: number;
          c: number;
        };
        expect(rolled).toEqual(raw);
        expect(raw.n).toBeGreaterThanOrEqual(committed.length);
      } finally {
        db.close();
      }
    } finally {
      t.dispose();
    }
  });
});
