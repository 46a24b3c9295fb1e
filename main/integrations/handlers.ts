// IPC handlers for integrations.*: outputs carry masked suffixes only, never a secret.
import type { PartialHandlers } from '../core/router';
import type { BaseUrlOverrides } from './base-url-overrides';
import type { IntegrationManager } from './manager';

export function integrationsHandlers(manager: IntegrationManager, baseUrls: BaseUrlOverrides): PartialHandlers {
  return {
    'integrations.list': async () => ({ vault: await manager.vaultInfo(), integrations: await manager.list() }),
    'integrations.add': (input) => manager.add(input),
    'integrations.replace': ({ id, credential, label }) => manager.replace(id, credential, label),
    'integrations.remove': async ({ id }) => {
      await manager.remove(id);
      return { removed: true as const, id };
    },
    'integrations.setDefault': ({ id }) => manager.setDefault(id),
    'integrations.test': ({ id }) => manager.test(id),
    'integrations.checkAll': async () => ({ ...(await manager.checkAll()), integrations: await manager.list() }),
    'integrations.getBaseUrls': () => ({ providers: baseUrls.list() }),
    'integrations.setBaseUrl': ({ provider, url }) => baseUrls.set(provider, url),
  };
}
