// The exact keys in the vault, for scrubbing by value (DESIGN §3.8) everything telemetry sends.
import type { IntegrationManager } from '../integrations/manager';

export async function vaultSecrets(integrations: IntegrationManager): Promise<string[]> {
  const out: string[] = [];
  for (const i of await integrations.list()) {
    try {
      const c = await integrations.getCredential({ integrationId: i.id });
      out.push(c.secret);
    } catch {
      // A key that cannot be read cannot be sent either.
    }
  }
  return out;
}
