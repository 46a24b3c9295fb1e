import type { PartialHandlers } from '../core/router';
import type { AdminKeyVault } from '../integrations/admin-keys';
import type { ReconcileService } from './service';

export function reconcileHandlers(service: ReconcileService, adminKeys: AdminKeyVault): PartialHandlers {
  return {
    'reconcile.overview': ({ period }) => service.overview(period),
    'reconcile.refresh': async ({ period, provider }) => {
      await service.refresh({ ...(period ? { period } : {}), ...(provider ? { provider } : {}) });
      return service.overview(period);
    },
    'reconcile.setWarnPercent': ({ provider, percent }) => service.setWarnPercent(provider, percent),
    'reconcile.setAdminKey': ({ provider, key }) => adminKeys.set(provider, key),
    'reconcile.removeAdminKey': async ({ provider }) => {
      await adminKeys.remove(provider);
      return adminKeys.info(provider);
    },
  };
}
