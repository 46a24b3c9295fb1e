// Validates electron-builder.yml offline: runs the real packaging step (linux "dir" target) against a
// stub Electron binary that carries a fuse wire, then checks the asar, the unpacked native modules
// and the fuses actually written. The Electron download and installers stay on the release machine.
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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

/** Every .node file in the unpacked part of the package, sorted. */
function packagedAddons(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : name.endsWith('.node') ? [p] : [];
    });
  return walk(join(resources, 'app.asar.unpacked')).sort();
}

/** The dynamic symbol table of an ELF shared object (nm -D --defined-only). */
function dynamicSymbols(file: string): string[] {
  return execFileSync('nm', ['-D', '--defined-only', file], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
    .filter(Boolean);
}

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

  it("unpacks the native modules from the asar, with only the target platform's better-sqlite3 binary", () => {
    const unpacked = join(resources, 'app.asar.unpacked');
    expect(packagedAddons().map((f) => relative(unpacked, f).replaceAll('\\', '/'))).toEqual([
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/keytar/build/Release/keytar.node',
    ]);
    const asar = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(asar.filter((f) => f.startsWith('/node_modules/better-sqlite3/') && /\/(src|deps|build)\//.test(f))).toEqual(
      [],
    );
  });

  it('ships Node-API addons only, which load in this Node and fit Electron 45 without a rebuild', () => {
    const addons = packagedAddons();
    expect(addons.length).toBeGreaterThan(0);
    const load = createRequire(__filename);
    for (const file of addons) {
      // Node-API modules register through napi_register_module_v1; an ABI-bound addon exports
      // node_register_module_v<ABI> instead and would need a rebuild for Electron's ABI (150 for Electron 45).
      const symbols = dynamicSymbols(file);
      expect(symbols, file).toContain('napi_register_module_v1');
      expect(
        symbols.filter((s) => s.startsWith('node_register_module_v')),
        file,
      ).toEqual([]);
      // And it really loads (process.dlopen through require): the same binary Electron will load.
      const mod = load(file) as Record<string, unknown>;
      expect(Object.keys(mod).length, file).toBeGreaterThan(0);
    }
  });

  it('publishes to GitHub releases for electron-updater and keeps npmRebuild off', () => {
    expect(config).toMatch(/^publish:\n\s+# .*\n\s+provider: github$/m);
    expect(config).toMatch(/^npmRebuild: false$/m);
    const updateConfig = readFileSync(join(resources, 'app-update.yml'), 'utf8');
    expect(updateConfig).toMatch(/^provider: github$/m);
    expect(updateConfig).toMatch(/^repo: aicon-studio$/m);
  });

  it('has a 1024x1024 icon that electron-builder derives the platform icons from', () => {
    const png = readFileSync(join(REPO_ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('keeps the provider fakes out of the real path: a separate chunk, required only lazily (demo mode)', () => {
    const mainOut = join(REPO_ROOT, 'out/main');
    const chunks = readdirSync(join(mainOut, 'chunks'));
    const isFakes = (name: string) => /\bstartOpenAIFake\b/.test(readFileSync(join(mainOut, 'chunks', name), 'utf8'));
    const fakeChunks = chunks.filter(isFakes);
    expect(fakeChunks).toHaveLength(1);
    // The entries and the shared chunks (e.g. the profile manager) may load the fakes, but only lazily.
    const loaders = [
      ...['index.cjs', 'web.cjs'].map((f) => join(mainOut, f)),
      ...chunks.filter((c) => c !== fakeChunks[0]).map((c) => join(mainOut, 'chunks', c)),
    ];
    const lazyLoads = loaders.flatMap((file) => {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\bstartOpenAIFake\b/);
      return [...code.matchAll(/(.{0,40})require\("\.\/(?:chunks\/)?([^"]+)"\)/g)].filter(
        (m) => m[2] === fakeChunks[0],
      );
    });
    expect(lazyLoads.length).toBeGreaterThan(0);
    // Only ever behind a dynamic import (rolldown's Promise.resolve().then(() => require(...))).
    for (const m of lazyLoads) expect(m[1]).toMatch(/\.then\(\(\) => $/);
    // No statically required chunk carries a fake.
    for (const entry of ['index.cjs', 'web.cjs']) {
      const code = readFileSync(join(mainOut, entry), 'utf8');
      const eager = [...code.matchAll(/(?<!=> )require\("\.\/chunks\/([^"]+)"\)/g)].map((m) => m[1] ?? '');
      expect(eager.filter(isFakes), entry).toEqual([]);
    }
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
