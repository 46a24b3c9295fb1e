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
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').filter(Boolean);
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

function resolveLocal(from: string, spec: string): string | null {
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
}

/** main/ file -> the main/ files it imports. */
const mainGraph = new Map(
  mainFiles.map((f) => [
    f,
    importsOf(f)
      .map((i) => resolveLocal(f, i))
      .filter((x): x is string => x?.includes('/main/') === true),
  ]),
);

/** Cycles in a directed graph, each as the path that closes it. */
function cyclesOf<T>(nodes: Iterable<T>, edges: (n: T) => Iterable<T>, name: (n: T) => string): string[] {
  const cycles: string[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const visit = (n: T, path: T[]) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(n)), n].map(name).join(' -> '));
      return;
    }
    state.set(n, 'visiting');
    for (const d of edges(n)) visit(d, [...path, n]);
    state.set(n, 'done');
  };
  for (const n of nodes) visit(n, []);
  return cycles;
}

/** A file's folder under main/: main/<folder>/, providers per provider (main/providers/<id>/); root files stand alone. */
function folderOf(file: string): string {
  const parts = relative(join(REPO_ROOT, 'main'), file).replaceAll('\\', '/').split('/');
  if (parts[0] === 'providers' && parts.length > 2) return `providers/${parts[1]}`;
  return parts.length === 1 ? (parts[0] ?? '') : `${parts[0]}/`;
}

describe('module graph', () => {
  it('has no import cycles between files in main/', () => {
    expect(cyclesOf(mainFiles, (f) => mainGraph.get(f) ?? [], rel)).toEqual([]);
  });

  it('has no import cycles between folders of main/', () => {
    // folder -> folder -> one import that makes the edge (named in a failure).
    const edges = new Map<string, Map<string, string>>();
    for (const [from, deps] of mainGraph) {
      for (const to of deps) {
        const [a, b] = [folderOf(from), folderOf(to)];
        if (a === b) continue;
        const out = edges.get(a) ?? new Map<string, string>();
        edges.set(a, out);
        if (!out.has(b)) out.set(b, `${rel(from)} imports ${rel(to)}`);
      }
    }
    const cycles = cyclesOf(
      edges.keys(),
      (f) => edges.get(f)?.keys() ?? [],
      (f) => f,
    ).map((c) => {
      const hops = c.split(' -> ');
      const why = hops.slice(1).map((to, i) => edges.get(hops[i] ?? '')?.get(to));
      return `${c} (${why.join('; ')})`;
    });
    expect(cycles).toEqual([]);
  });
});

// The ledger's tables: the raw calls, their profiles, cost history, error text and rollups.
const LEDGER_TABLE =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(calls|calls_error_text|call_profiles|call_cost_history|call_rollups_\w+)\b/gi;
describe('table ownership', () => {
  it("lets only main/ledger/ (and the migrations) query the ledger's tables", () => {
    const offenders = new Map<string, string[]>();
    for (const f of mainFiles) {
      const r = rel(f);
      if (r.startsWith('main/ledger/') || r.startsWith('main/db/migrations/')) continue;
      const text = readFileSync(f, 'utf8');
      const hits = [...text.matchAll(LEDGER_TABLE)].map((m) => m[0].replace(/\s+/g, ' '));
      if (hits.length) offenders.set(r, hits);
    }
    expect(Object.fromEntries(offenders)).toEqual({});
  });
});
