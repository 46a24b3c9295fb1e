// Validates electron-builder.yml offline: runs the real packaging step (linux "dir" target) against a
// stub Electron binary that carries a fuse wire, then checks the asar, the unpacked native modules
// and the fuses actually written. The Electron download and installers stay on the release machine.
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/browser';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_COUNT = 8;
let work: string;
let resources: string;
let binary: string;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'out/main/index.cjs'))) throw new Error('Build first: npx electron-vite build');
  work = mkdtempSync(join(tmpdir(), 'aicon-pack-'));
  const stub = join(work, 'electron-stub');
  mkdirSync(stub);
  // Fuse wire v1: sentinel, version byte 1, length byte, then one byte per fuse ('1' = enabled, Electron's default).
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# ${SENTINEL}`),
    Buffer.from([1, FUSE_COUNT]),
    Buffer.alloc(FUSE_COUNT, '1'),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(stub, 'electron'), wire, { mode: 0o755 });
  writeFileSync(join(stub, 'version'), '45.4.1');
  await promisify(execFile)(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${stub}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
  );
  resources = join(work, 'dist/linux-unpacked/resources');
  binary = join(work, 'dist/linux-unpacked/aicon-studio');
}, 150_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  const config = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

  it('names the app and targets AppImage + deb, dmg and nsis', () => {
    expect(config).toMatch(/^productName: AICON Studio$/m);
    expect(config).toMatch(/^appId: \S+$/m);
    for (const target of ['AppImage', 'deb', 'dmg', 'nsis']) expect(config).toContain(`- ${target}`);
  });

  it('packs the built app into app.asar', () => {
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const f of ['/out/main/index.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json'])
      expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('/main/') || f.startsWith('/test/'))).toBe(false);
  });

  it('unpacks the native modules from the asar', () => {
    const unpacked = join(resources, 'app.asar.unpacked/node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3/prebuilds/linux-x64.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'keytar/build/Release/keytar.node'))).toBe(true);
  });

  it('flips the hardening fuses', async () => {
    const wire = await getCurrentFuseWire(binary);
    const on = (o: FuseV1Options) => String.fromCharCode(wire[o] as unknown as number);
    expect(on(FuseV1Options.RunAsNode)).toBe('0');
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
  });
});
