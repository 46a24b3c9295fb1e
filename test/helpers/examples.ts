// The recorded provider responses live in the workspace's shared/ folder, beside the repository.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const EXAMPLES_ROOT = resolve(__dirname, '../../../shared/refs/examples');
if (!existsSync(EXAMPLES_ROOT))
  throw new Error(`Recorded provider examples not found at ${EXAMPLES_ROOT} (shared/ must sit beside the repository)`);

export const examplesDir = (provider: string): string => join(EXAMPLES_ROOT, provider);
