import type { PartialHandlers } from '../core/router';
import type { FileIntake } from './intake';
import type { FileRegistry } from './registry';

export function filesHandlers(intake: FileIntake, registry: FileRegistry): PartialHandlers {
  return {
    'files.register': ({ path, purpose }) => intake.registerPath(path, purpose),
    'files.get': ({ id }) => registry.get(id),
    'files.list': (filter) => ({ files: registry.list(filter) }),
    'files.remove': async ({ id }) => ({ removed: await registry.remove(id) }),
  };
}
