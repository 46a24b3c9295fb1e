// The recorded provider responses the tests replay, vendored into the repository (test/fixtures/refs/examples,
// copied from the workspace's shared/refs/examples; SOURCES.md there says where each file comes from).
import { join, resolve } from 'node:path';

export const EXAMPLES_ROOT = resolve(__dirname, '../fixtures/refs/examples');

export const examplesDir = (provider: string): string => join(EXAMPLES_ROOT, provider);
