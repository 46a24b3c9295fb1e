// Scratch files for provider tests: one temp folder per test file (or describe), removed after its tests,
// and sparse files for size-limit and memory tests that cost no disk.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh folder under the OS temp dir, removed once the enclosing file's (or describe's) tests are done. */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A file of `bytes` zero bytes that takes no disk space (reads as zeros); returns its path. */
export function sparseFile(path: string, bytes: number): string {
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
}
