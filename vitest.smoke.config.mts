import { defineConfig } from 'vitest/config';

// The Electron smoke test: runs on the release machines (.github/workflows/release.yml), where npm ci has
// downloaded Electron. Not part of `npm test` (no Electron binary here).
export default defineConfig({
  test: {
    include: ['test/smoke/*.smoke.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
