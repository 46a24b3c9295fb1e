// The integration manager: keys per provider, checked before they are stored, health-checked on
// demand and on a schedule. Secrets go to the SecretStore only; the database keeps metadata.
import { registerSecret } from '../core/redact';
import { randomUUID } from 'node:crypto';
import type {
  CredentialInput,
  FailureReason,
  IntegrationProvider,
  IntegrationView,
  VaultInfo,
} from '../../preload/contract/integrations';
import { INTEGRATION_PROVIDERS, PROVIDER_DISPLAY_NAMES } from '../../preload/contract/integrations';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { immediate, type Db } from '../db/database';
import { PROVIDER_IDS, type Credential, type ProviderId } from '../gateway/types';
import { describeBackendError } from '../vault/errors';
import type { SecretStore } from '../vault/types';
import { AdminKeyVault } from './admin-keys';
import { CircuitBreaker } from './circuit-breaker';
import { maskedSuffix, validateCredential, type ValidCredential } from './credentials';
import { REASON_TEXT, runCheck, type CheckOutcome, type HealthChecker } from './health';
import { IntegrationRepository, type CheckRecord, type IntegrationRow } from './repository';

// The contract's provider list must stay the gateway's, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const providersMatch: Same<IntegrationProvider, ProviderId> = true;
void providersMatch;
if (PROVIDER_IDS.join() !== INTEGRATION_PROVIDERS.join())
  throw new Error('Integration providers differ from the gateway providers');

export interface IntegrationManagerOptions {
  db: Db;
  /** A promise while the chooser probes the keychain at start-up. */
  store: SecretStore | Promise<SecretStore>;
  /** null until the composition root binds real health checks: adding keys is then refused, not faked. */
  healthChecker: HealthChecker | null;
  logger: Logger;
  now?: () => Date;
  checkTimeoutMs?: number;
  breaker?: { threshold: number; cooldownMs: number };
  newId?: () => string;
}

export interface AddInput {
  provider: IntegrationProvider;
  label?: string;
  makeDefault?: boolean;
  credential: CredentialInput;
}

export type CredentialRef = { integrationId: string } | { provider: IntegrationProvider };

export interface CheckAllResult {
  checked: number;
  skipped: number;
}

/** How a failed check becomes an error for the caller of add/replace. */
function failureError(provider: IntegrationProvider, outcome: Extract<CheckOutcome, { ok: false }>): AppError {
  const code =
    outcome.reason === 'rate_limited'
      ? 'rate_limited'
      : ['no_network', 'timeout', 'provider_down'].includes(outcome.reason)
        ? 'unavailable'
        : 'provider_error';
  const name = PROVIDER_DISPLAY_NAMES[provider];
  return new AppError(
    code,
    `${name}: ${REASON_TEXT[outcome.reason]}. ${outcome.message ? `${name} said: ${outcome.message}. ` : ''}Nothing was stored.`,
    {
      reason: outcome.reason,
      providerKind: outcome.kind,
      provider,
    },
  );
}

export class IntegrationManager {
  private readonly repo: IntegrationRepository;
  private readonly now: () => Date;
  private readonly checkTimeoutMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly newId: () => string;
  private readonly ready: Promise<SecretStore>;
  private schedule: { timer: NodeJS.Timeout | null; controller: AbortController } | null = null;
  private inFlightCheckAll: Promise<CheckAllResult> | null = null;
  /** Optional organization admin keys (billing reports), in the same secret store. */
  readonly adminKeys: AdminKeyVault;

  constructor(private readonly opts: IntegrationManagerOptions) {
    this.repo = new IntegrationRepository(opts.db);
    this.now = opts.now ?? (() => new Date());
    this.checkTimeoutMs = opts.checkTimeoutMs ?? 15_000;
    this.breaker = new CircuitBreaker({
      ...(opts.breaker ?? { threshold: 3, cooldownMs: 5 * 60_000 }),
      now: () => this.now().getTime(),
    });
    this.newId = opts.newId ?? (() => `int_${randomUUID()}`);
    this.ready = Promise.resolve(opts.store).then(async (store) => {
      await this.dropLostMemoryKeys(store);
      return store;
    });
    // Every call awaits `ready` and reports its failure; log it once here so it is never unhandled.
    this.ready.catch((e: unknown) => opts.logger.error('integrations: secret store set-up failed', e));
    this.adminKeys = new AdminKeyVault(this.ready);
  }

  async vaultInfo(): Promise<VaultInfo> {
    return (await this.ready).info();
  }

  async list(): Promise<IntegrationView[]> {
    const store = await this.ready;
    return this.repo.all().map((row) => this.view(row, store));
  }

  async add(input: AddInput): Promise<IntegrationView> {
    const store = await this.ready;
    const valid = validateCredential(input.provider, input.credential);
    const latencyMs = await this.authenticate(input.provider, valid);
    const id = this.newId();
    await this.saveSecret(store, id, valid.credential.secret);
    const at = this.now().toISOString();
    const row: IntegrationRow = {
      id,
      provider: input.provider,
      label: input.label?.trim() ?? '',
      authKind: valid.authKind,
      accountId: valid.accountId,
      keyId: valid.keyId,
      secretRef: id,
      backend: store.info().backend,
      maskedSuffix: maskedSuffix(valid.credential.secret),
      isDefault: false,
      status: 'healthy',
      lastCheckAt: at,
      latencyMs,
      lastErrorReason: null,
      lastErrorKind: null,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    };
    try {
      immediate(this.opts.db, () => {
        const first = this.repo.countFor(input.provider) === 0;
        this.repo.insert(row);
        if (first || input.makeDefault) this.repo.setDefault(id, input.provider, at);
      });
    } catch (e) {
      await store.delete(id).catch(() => false);
      throw e;
    }
    this.opts.logger.info(`integrations: added ${input.provider} key ${id} (${row.backend})`);
    return this.view(this.mustGet(id), store);
  }

  async replace(id: string, credential: CredentialInput, label?: string): Promise<IntegrationView> {
    const store = await this.ready;
    const row = this.mustGet(id);
    const valid = validateCredential(row.provider, credential);
    const latencyMs = await this.authenticate(row.provider, valid);
    await this.saveSecret(store, row.secretRef, valid.credential.secret);
    const at = this.now().toISOString();
    this.repo.updateCredential(
      id,
      {
        label: label === undefined ? row.label : label.trim(),
        authKind: valid.authKind,
        accountId: valid.accountId,
        keyId: valid.keyId,
        backend: store.info().backend,
        maskedSuffix: maskedSuffix(valid.credential.secret),
      },
      { status: 'healthy', at, latencyMs, error: null },
    );
    this.breaker.forget(id);
    this.opts.logger.info(`integrations: replaced the ${row.provider} key ${id}`);
    return this.view(this.mustGet(id), store);
  }

  async remove(id: string): Promise<void> {
    const store = await this.ready;
    const row = this.mustGet(id);
    if (row.backend === store.info().backend) {
      try {
        await store.delete(row.secretRef);
      } catch (e) {
        throw new AppError(
          'unavailable',
          `Could not delete the key from ${store.info().label}: ${describeBackendError(e)}. It was kept.`,
        );
      }
    } else {
      this.opts.logger.warn(
        `integrations: ${id} was held by ${row.backend}, which is not available now; its secret may remain there`,
      );
    }
    this.deleteRow(row);
    this.opts.logger.info(`integrations: removed ${row.provider} key ${id}`);
  }

  async setDefault(id: string): Promise<IntegrationView> {
    const store = await this.ready;
    const row = this.mustGet(id);
    immediate(this.opts.db, () => this.repo.setDefault(id, row.provider, this.now().toISOString()));
    return this.view(this.mustGet(id), store);
  }

  /** Re-checks one key now, whatever the breaker says: the user asked. */
  async test(id: string): Promise<IntegrationView> {
    const store = await this.ready;
    await this.checkOne(store, this.mustGet(id));
    return this.view(this.mustGet(id), store);
  }

  /** Checks every key, skipping those whose breaker is open. Concurrent callers share one run. */
  checkAll(signal?: AbortSignal): Promise<CheckAllResult> {
    this.inFlightCheckAll ??= this.runCheckAll(signal).finally(() => {
      this.inFlightCheckAll = null;
    });
    return this.inFlightCheckAll;
  }

  /** Runs checkAll every `intervalMs` (the next run is timed from the end of the last). */
  startSchedule(intervalMs: number): void {
    this.stopSchedule();
    const schedule = { timer: null as NodeJS.Timeout | null, controller: new AbortController() };
    const tick = () => {
      void this.checkAll(schedule.controller.signal)
        .catch((e: unknown) => this.opts.logger.error('integrations: scheduled health check failed', e))
        .finally(() => {
          if (this.schedule === schedule) arm();
        });
    };
    const arm = () => {
      schedule.timer = setTimeout(tick, intervalMs);
      schedule.timer.unref();
    };
    this.schedule = schedule;
    arm();
  }

  stopSchedule(): void {
    if (!this.schedule) return;
    if (this.schedule.timer) clearTimeout(this.schedule.timer);
    this.schedule.controller.abort();
    this.schedule = null;
  }

  /** For main-side callers (gateway, workflows) only: never send the result over IPC. */
  async getCredential(ref: CredentialRef): Promise<Credential> {
    const store = await this.ready;
    const row = 'integrationId' in ref ? this.repo.get(ref.integrationId) : this.repo.defaultFor(ref.provider);
    if (!row) {
      throw 'integrationId' in ref
        ? new AppError('not_found', `No integration ${ref.integrationId}`)
        : new AppError(
            'not_found',
            `No ${PROVIDER_DISPLAY_NAMES[ref.provider]} key is set up. Add one on the Integrations screen.`,
            { provider: ref.provider },
          );
    }
    return { ...(await this.readCredential(store, row)), integrationId: row.id };
  }

  close(): void {
    this.stopSchedule();
  }

  // --- internals ---

  /** Deletes the metadata; the provider's oldest remaining key becomes the default if this one was. */
  private deleteRow(row: IntegrationRow): void {
    immediate(this.opts.db, () => {
      this.repo.delete(row.id);
      if (row.isDefault) {
        const next = this.repo.oldestFor(row.provider);
        if (next) this.repo.setDefault(next.id, row.provider, this.now().toISOString());
      }
    });
    this.breaker.forget(row.id);
  }

  private mustGet(id: string): IntegrationRow {
    const row = this.repo.get(id);
    if (!row) throw new AppError('not_found', `No integration ${id}`);
    return row;
  }

  /** Checks the key against the provider's free endpoint; returns the latency or throws why it failed. */
  private async authenticate(provider: IntegrationProvider, valid: ValidCredential): Promise<number> {
    if (!this.opts.healthChecker) {
      throw new AppError(
        'unavailable',
        'Connection checks are not available in this build, so the key cannot be verified. Nothing was stored.',
      );
    }
    const outcome = await runCheck(this.opts.healthChecker, provider, valid.credential, {
      timeoutMs: this.checkTimeoutMs,
    });
    if (!outcome.ok) throw failureError(provider, outcome);
    return outcome.latencyMs;
  }

  private async saveSecret(store: SecretStore, account: string, secret: string): Promise<void> {
    registerSecret(secret);
    try {
      await store.set(account, secret);
    } catch (e) {
      throw new AppError(
        'unavailable',
        `Could not save the key in ${store.info().label}: ${describeBackendError(e)}. Nothing was stored.`,
      );
    }
  }

  private async readCredential(store: SecretStore, row: IntegrationRow): Promise<Credential> {
    const missing = (why: string) => {
      this.repo.recordCheck(row.id, {
        status: 'unavailable',
        at: this.now().toISOString(),
        latencyMs: null,
        error: { reason: 'key_missing', kind: null, message: why },
      });
      return new AppError(
        'unavailable',
        `The ${PROVIDER_DISPLAY_NAMES[row.provider]} key "${row.label || row.maskedSuffix}" cannot be read: ${why}. Re-enter it on the Integrations screen.`,
        {
          integrationId: row.id,
          reason: 'key_missing',
        },
      );
    };
    if (row.backend !== store.info().backend)
      throw missing(`it is held by ${row.backend}, which is not available in this session`);
    let secret: string | null;
    try {
      secret = await store.get(row.secretRef);
    } catch (e) {
      throw missing(describeBackendError(e));
    }
    if (secret === null) throw missing(`it is no longer in ${store.info().label}`);
    registerSecret(secret);
    const credential: Credential = { secret };
    if (row.accountId) credential.accountId = row.accountId;
    if (row.keyId) credential.keyId = row.keyId;
    return credential;
  }

  private async checkOne(store: SecretStore, row: IntegrationRow, signal?: AbortSignal): Promise<void> {
    if (!this.opts.healthChecker)
      throw new AppError('unavailable', 'Connection checks are not available in this build.');
    let credential: Credential;
    try {
      credential = await this.readCredential(store, row);
    } catch {
      return; // readCredential recorded the key as unavailable
    }
    const outcome = await runCheck(this.opts.healthChecker, row.provider, credential, {
      timeoutMs: this.checkTimeoutMs,
      signal,
    });
    if (signal?.aborted) return; // stopped mid-check: record nothing
    const at = this.now().toISOString();
    const record: CheckRecord = outcome.ok
      ? { status: 'healthy', at, latencyMs: outcome.latencyMs, error: null }
      : {
          status: 'failing',
          at,
          latencyMs: outcome.latencyMs,
          error: { reason: outcome.reason, kind: outcome.kind, message: outcome.message },
        };
    this.repo.recordCheck(row.id, record);
    if (outcome.ok) this.breaker.recordSuccess(row.id);
    else {
      this.breaker.recordFailure(row.id);
      this.opts.logger.warn(`integrations: ${row.provider} key ${row.id} check failed: ${outcome.reason}`);
    }
  }

  private async runCheckAll(signal?: AbortSignal): Promise<CheckAllResult> {
    const store = await this.ready;
    let checked = 0;
    let skipped = 0;
    await Promise.all(
      this.repo.all().map(async (row) => {
        if (!this.breaker.canAttempt(row.id)) {
          skipped += 1;
          return;
        }
        await this.checkOne(store, row, signal);
        checked += 1;
      }),
    );
    return { checked, skipped };
  }

  /** Memory-held keys die with their process: drop rows whose secret is gone (start-up only). */
  private async dropLostMemoryKeys(store: SecretStore): Promise<void> {
    const memoryStore = store.info().backend === 'memory';
    for (const row of this.repo.all().filter((r) => r.backend === 'memory')) {
      if (memoryStore && (await store.get(row.secretRef)) !== null) continue;
      this.deleteRow(row);
      this.opts.logger.info(
        `integrations: dropped ${row.provider} key ${row.id}, which lived in memory in an earlier session`,
      );
    }
  }

  private view(row: IntegrationRow, store: SecretStore): IntegrationView {
    const elsewhere = row.backend !== store.info().backend;
    const pausedUntil = this.breaker.openUntil(row.id);
    const error: IntegrationView['lastError'] = elsewhere
      ? { reason: 'key_missing', kind: null, message: `held by ${row.backend}, which is not available in this session` }
      : row.lastErrorReason
        ? { reason: row.lastErrorReason as FailureReason, kind: row.lastErrorKind, message: row.lastError ?? '' }
        : null;
    return {
      id: row.id,
      provider: row.provider,
      label: row.label,
      authKind: row.authKind,
      accountId: row.accountId,
      keyId: row.keyId,
      maskedSuffix: row.maskedSuffix,
      backend: row.backend,
      isDefault: row.isDefault,
      status: elsewhere ? 'unavailable' : row.status,
      lastCheckAt: row.lastCheckAt,
      latencyMs: row.latencyMs,
      lastError: error,
      checksPausedUntil: pausedUntil === null ? null : new Date(pausedUntil).toISOString(),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
