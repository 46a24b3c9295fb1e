// `npm run report` runs the built out/main/report.cjs: what it loads at run time must stay small (the database
// driver and the modules that read the ledger), never main/app or the schema library.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/browser';

// Value imports only: `import type` / `export type` vanish from the build.
const RUNTIME_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      /* try the next candidate */
    }
  }
  throw new Error(`Cannot resolve ${spec} from ${from}`);
}

/** Every local file and every package the report reaches through value imports. */
function runtimeGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(resolveLocal(file, spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(REPO_ROOT, f).replaceAll('\\', '/')).sort(), packages: [...packages] };
}

describe('report script', () => {
  it('loads only the database driver and the ledger readers at run time (not main/app, not zod)', () => {
    const { files, packages } = runtimeGraph(join(REPO_ROOT, 'scripts/report.ts'));
    expect(packages).toEqual(['better-sqlite3']);
    expect(files).toContain('main/ledger/summary.ts');
    expect(files).not.toContain('main/app.ts');
    expect(files.filter((f) => f.startsWith('main/gateway/') && f !== 'main/gateway/types.ts')).toEqual([]);
  });

  it('is built as its own CommonJS entry and run by scripts/report.sh without tsx', () => {
    const config = readFileSync(join(REPO_ROOT, 'electron.vite.config.ts'), 'utf8');
    expect(config).toMatch(/report: resolve\(__dirname, 'scripts\/report\.ts'\)/);
    const launcher = readFileSync(join(REPO_ROOT, 'scripts/report.sh'), 'utf8');
    expect(launcher).toMatch(/exec node out\/main\/report\.cjs "\$@"/);
    expect(launcher).not.toMatch(/tsx/);
  });
});
