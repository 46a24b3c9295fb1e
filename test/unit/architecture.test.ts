// Layering rules, enforced (VS Code / Signal style): each file knows which process it runs in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/browser';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}
const rel = (f: string) => relative(REPO_ROOT, f).replaceAll('\\', '/');

const mainFiles = sourceFiles(join(REPO_ROOT, 'main'));
const rendererFiles = sourceFiles(join(REPO_ROOT, 'renderer'));
const contractFiles = sourceFiles(join(REPO_ROOT, 'preload/contract'));

describe('process boundaries', () => {
  it('imports electron in main only from the glue (main/index.ts, main/electron/)', () => {
    const offenders = mainFiles
      .filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')))
      .map(rel)
      .filter((f) => f !== 'main/index.ts' && !f.startsWith('main/electron/'));
    expect(offenders).toEqual([]);
  });

  it('keeps the renderer free of electron, Node built-ins and main code', () => {
    const offenders = rendererFiles.flatMap((f) =>
      importsOf(f)
        .filter(
          (i) =>
            i === 'electron' ||
            i.startsWith('node:') ||
            /(^|\/)main\//.test(i) ||
            ['fs', 'path', 'child_process', 'better-sqlite3', 'keytar', 'undici'].includes(i),
        )
        .map((i) => `${rel(f)} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the IPC contract pure (no electron, no Node, no main)', () => {
    const offenders = contractFiles.flatMap((f) =>
      importsOf(f)
        .filter((i) => i === 'electron' || i.startsWith('node:') || i.includes('/main/'))
        .map((i) => `${rel(f)} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('module graph', () => {
  it('has no import cycles in main/', () => {
    const resolveLocal = (from: string, spec: string): string | null => {
      if (!spec.startsWith('.')) return null;
      const base = resolve(dirname(from), spec);
      for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
        try {
          if (statSync(c).isFile()) return c;
        } catch {
          /* try the next candidate */
        }
      }
      return null;
    };
    const graph = new Map(
      mainFiles.map((f) => [
        f,
        importsOf(f)
          .map((i) => resolveLocal(f, i))
          .filter((x): x is string => x?.includes('/main/') === true),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of mainFiles) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
