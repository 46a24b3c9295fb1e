// Composition root for main's services: plain Node, shared by the Electron glue and web mode.
import { join } from 'node:path';
import { createEventBus, type EventBus } from './core/events';
import { DATABASE_FILE } from './core/paths';
import type { Logger } from './core/logger';
import { contentHandlers } from './content/handlers';
import { pieceHandlers } from './content/piece-handlers';
import { galleryHandlers } from './recordings/gallery';
import type { ExportFileDialogs } from './export/destination';
import { ExportService } from './export/exporter';
import { exportHandlers } from './export/handlers';
import { createContentLibrary, type ContentLibrary } from './content/library';
import { assembleHandlers, createRouter, type PartialHandlers, type Router, type Sender } from './core/router';
import { integrationsChannels } from '../preload/contract/integrations';
import type { Db } from './db/database';
import { acquireInstanceLock } from './db/instance-lock';
import { openDataDatabase, preparePrivateFolder } from './db/open-data';
import { startWalMaintenance } from './db/maintenance';
import { DEMO_SEEDED_SETTING, historyState } from './demo/seed';
import { migrations } from './db/migrations';
import { checksumJobHandler } from './files/checksum-job';
import { filesHandlers } from './files/handlers';
import { createFileIntake } from './files/intake';
import { createFileRegistry, type FileRegistry } from './files/registry';
import { createUploadHandler, type UploadHandler } from './files/upload';
import type { ProviderId } from './gateway/types';
import { BaseUrlOverrides, baseUrlSettingsReader } from './integrations/base-url-overrides';
import { integrationsHandlers } from './integrations/handlers';
import type { HealthChecker } from './integrations/health';
import { IntegrationManager } from './integrations/manager';
import { jobsHandlers } from './jobs/handlers';
import { LocalGateway, localGatewayHandlers } from './local-gateway';
import { createProviderAccess, type ProviderAccess, type ProviderTarget } from './providers/access';
import type { DemoProviders } from './providers/registry';
import { AlertService } from './alerts/service';
import type { Notifier } from './alerts/notifier';
import { settingsHandlers } from './settings/handlers';
import { createPreferences, type PreferencesStore } from './system/preferences';
import { singleProfileHandlers } from './settings/single-profile';
import { readGlance } from './tray/glance';
import type { GlanceSnapshot } from './tray/menu-model';
import type { BackendAttempt } from './vault/choose';
import { reconcileHandlers } from './reconcile/handlers';
import { ReconcileService } from './reconcile/service';
import { PROVIDER_DESCRIPTORS } from './providers/registry';
import { createCostServices, type CostServices } from './cost/services';
import { systemTimeZone } from './ledger/timezones';
import { createJobService, type JobService } from './jobs/service';
import { systemHandlers } from './system/handlers';
import { telemetryHandlers } from './telemetry/handlers';
import { vaultSecrets } from './telemetry/secrets';
import { TelemetryService, type TelemetryOptions } from './telemetry/service';
import { createSettingsStore, type SettingsStore } from './system/settings';
import { APP_VERSION } from './version';
import { registerWorkflowJobs, workflowsHandlers, type WorkflowOptions } from './workflows';
import { libraryHandlers, previewFilePath } from './workflows/library';
import { chooseSecretStore } from './vault/choose';
import type { SafeStorageLike } from './vault/safe-storage-store';
import type { SecretStore } from './vault/types';

export interface AppOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  demo?: boolean;
  logger: Logger;
  isTrustedSender: (sender: Sender) => boolean;
  now?: () => Date;
  /** Where keys live. Default: the chooser (OS keychain, else safeStorage in Electron, else memory with a warning). */
  secretStore?: SecretStore | Promise<SecretStore>;
  /** Electron only (main/electron/safe-storage.ts): the chooser's fallback when the keychain is unavailable. */
  safeStorage?: SafeStorageLike;
  /** Authenticates a key against the provider's free endpoint. Without one, keys cannot be added. */
  healthChecker?: HealthChecker;
  /** Scheduled health checks of every key; 0 turns them off. Default 15 minutes. */
  healthCheckIntervalMs?: number;
  /** A provider's built-in base URL (from its descriptor), shown next to the override field. */
  defaultBaseUrl?: (provider: ProviderId) => string | null;
  /** Workflow step tuning (render poll interval; tests shorten it). */
  workflows?: WorkflowOptions;
  /** Demo mode's provider fakes, attached before the job worker starts so a resumed job finds them. */
  demoProviders?: DemoProviders;
  /** Electron only (main/electron/export-files.ts): the save dialog for exports. Without it, exports are downloads. */
  exportFiles?: ExportFileDialogs;
  /** The local gateway's port instead of its setting (web mode `--gateway-port`, tests; 0 = any free port). */
  gatewayPort?: number;
  /** A damaged database is renamed aside and a fresh one created (else start-up stops naming the file). */
  moveAsideCorruptDb?: boolean;
  /** OpenTelemetry export loop tuning (tests shorten the interval). */
  telemetry?: Partial<Pick<TelemetryOptions, 'intervalMs' | 'timeoutMillis' | 'backoffBaseMs' | 'backoffMaxMs'>>;
  /** Scheduled vendor reconciliation; 0 turns it off. Default 6 hours (first run a minute after start). */
  reconcileIntervalMs?: number;
  /** Set for the demo profile: built-in fakes, and the real profile's keys (keys added here go to the real vault). */
  demoOf?: DemoLink;
  /** profile.* handlers from whoever owns this app (main/profiles/manager.ts); default: one fixed profile. */
  profileHandlers?: PartialHandlers;
  /** Desktop notifications (Electron: main/electron/notifier.ts). Without one, alerts use the other channels. */
  notifier?: Notifier;
  /** Opens a folder in the file manager (Electron: main/electron/shell.ts). Without one, Settings shows the path. */
  revealPath?: (path: string) => Promise<void>;
  /** Opens a cited web page in the OS browser (Electron's shell); web mode has none (the page opens a tab). */
  openExternal?: (url: string) => Promise<void>;
  /** Shows one file selected in the file manager (Electron: main/electron/shell.ts); the media gallery's button. */
  showInFolder?: (path: string) => void;
}

/** What the demo profile borrows from the real one. */
export interface DemoLink {
  fakes: DemoProviders;
  /** The real profile's router and keys, read at call time (a restore reopens the real profile). */
  real: () => { router: Router; integrations: IntegrationManager };
  /** The real key's gateway for a provider when the real profile has one; null sends the call to the fake. */
  realTarget: (provider: ProviderId, integrationId?: string) => Promise<ProviderTarget | null>;
}

export interface AppServices {
  db: Db;
  dbPath: string;
  router: Router;
  events: EventBus;
  settings: SettingsStore;
  /** Keys per provider; `getCredential` is for main-side callers only. */
  integrations: IntegrationManager;
  /** Ledger, pricing, budgets and limits: the gateway's LedgerSink, Pricer, BudgetGuard and Limiter. */
  cost: CostServices;
  /** The gateway and the credential for each provider call (fakes in demo mode). */
  providers: ProviderAccess;
  /** Durable jobs and their worker (started by createApp). */
  jobs: JobService;
  /** The loopback gateway other tools call with virtual keys; started with `localGateway.apply()`. */
  localGateway: LocalGateway;
  /** Registered files (dropped in Electron, uploaded in web mode). */
  files: FileRegistry;
  content: ContentLibrary;
  /** Optional OTLP export of the ledger (off until configured in Settings). */
  telemetry: TelemetryService;
  /** Vendor reconciliation: settlements, drift and balances. */
  reconcile: ReconcileService;
  /** Where this app keeps secrets (the demo profile is given the real profile's; a reopened profile keeps its own). */
  secrets: Promise<SecretStore>;
  preferences: PreferencesStore;
  alerts: AlertService;
  /** The tray's numbers for this profile. */
  glance(): Promise<GlanceSnapshot>;
  /** Web mode's POST /api/upload, for startWebServer. */
  uploads: UploadHandler;
  /** Generated media by id, for playback (web mode /media/<id>, Electron app://app/media/<id>). */
  mediaFile(id: string): { path: string; mime: string } | null;
  /** A finished web-mode export by id, for the download route (web mode /exports/<id>); null otherwise. */
  exportFile(exportId: string): { path: string; fileName: string; contentType: string } | null;
  close(): Promise<void>;
}

export { DATABASE_FILE };
/** Settings key: IANA time zone for budget periods (default: the system's). */
export const TIME_ZONE_SETTING = 'timeZone';
/** How often the digest schedule looks whether a daily/weekly digest is due. */
const DIGEST_CHECK_MS = 15 * 60_000;
/** Settings key for the user's explicit opt-in to safeStorage's basic_text backend (obfuscation only). */
export const ALLOW_BASIC_TEXT_SETTING = 'vault.allowBasicText';

export function createApp(opts: AppOptions): AppServices {
  const now = opts.now ?? (() => new Date());
  preparePrivateFolder(opts.dataDir);
  // One app per data folder in every mode: a second one would run the first one's jobs (and bill them) again.
  const lock = acquireInstanceLock(opts.dataDir, { mode: opts.mode, startedAt: now().toISOString() });
  const dbPath = join(opts.dataDir, DATABASE_FILE);
  let opened: ReturnType<typeof openDataDatabase>;
  try {
    opened = openDataDatabase(dbPath, migrations, {
      now,
      moveAsideIfCorrupt: opts.moveAsideCorruptDb ?? process.env.AICON_MOVE_ASIDE_CORRUPT_DB === '1',
    });
  } catch (e) {
    lock.release();
    throw e;
  }
  const { db, applied } = opened;
  if (opened.movedAside) opts.logger.warn(`database: the damaged database was moved aside to ${opened.movedAside}`);
  if (applied.length) opts.logger.info(`database: applied migrations ${applied.join(', ')}`);
  const wal = startWalMaintenance(db, {
    onError: (e) => opts.logger.warn(`database: WAL checkpoint failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const settings = createSettingsStore(db, now);
  const preferences = createPreferences(settings);
  const events = createEventBus();
  const demo = opts.demoOf ?? null;
  const chosen = opts.secretStore
    ? Promise.resolve(opts.secretStore).then((store) => ({ store, attempts: [] as BackendAttempt[] }))
    : chooseSecretStore({
        logger: opts.logger,
        safeStorage: opts.safeStorage && {
          api: opts.safeStorage,
          db,
          allowBasicText: settings.get(ALLOW_BASIC_TEXT_SETTING, false),
        },
      });
  const secrets = chosen.then((c) => c.store);
  const clock = { now };
  const jobs = createJobService({ db, events, logger: opts.logger, clock });
  const files = createFileRegistry(db, opts.dataDir, clock);
  const intake = createFileIntake({ registry: files, jobs, mode: opts.mode });
  jobs.register(checksumJobHandler(files));
  const content = createContentLibrary(db, opts.dataDir, clock);
  const cost = createCostServices({
    db,
    clock: () => now().getTime(),
    timeZone: () => timeZone(),
    onBudgetAlert: (alert) => {
      events.emit('budget.alert', alert);
      alerts.onBudgetAlert(alert);
    },
    onBudgetsChanged: () => events.emit('budget.changed', {}),
  });
  const timeZone = () => preferences.get().timeZone ?? settings.get(TIME_ZONE_SETTING, systemTimeZone());
  // Paid calls a crash left in flight: billed or not, nobody knows; counted at their worst case and shown.
  const unsettled = cost.ledger.settleInFlight();
  if (unsettled.rows > 0)
    opts.logger.warn(
      `ledger: ${unsettled.rows} paid call(s) were in flight when the app stopped; recorded as unknown billing at their worst case ($${(unsettled.costNanos / 1e9).toFixed(2)}). See the call log (error "unknown_billing").`,
    );
  // The integrations need health checks through the gateway, and the gateway needs their keys: the
  // credential lookup is late-bound so both can be built here without a cycle.
  const providers = createProviderAccess({
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    settings: baseUrlSettingsReader(settings),
    credentials: (ref) => integrationsOf().getCredential(ref),
    clock: () => now().getTime(),
    logger: opts.logger,
  });
  if (demo) providers.attachDemo(demo.fakes, demo.realTarget);
  const healthChecker = opts.healthChecker ?? providers.healthChecker;
  const ownIntegrations = demo
    ? null
    : new IntegrationManager({ db, store: secrets, healthChecker, logger: opts.logger, now });
  const integrationsOf = () => ownIntegrations ?? demo!.real().integrations;
  const scheduleHealthChecks = (minutes: number) => {
    const interval = opts.healthCheckIntervalMs ?? minutes * 60_000;
    if (!ownIntegrations) return;
    ownIntegrations.stopSchedule();
    if (interval > 0) ownIntegrations.startSchedule(interval);
  };
  scheduleHealthChecks(preferences.get().healthCheckMinutes);
  preferences.onChange((p, before) => {
    if (p.healthCheckMinutes !== before.healthCheckMinutes) scheduleHealthChecks(p.healthCheckMinutes);
  });
  const alerts = new AlertService({
    profile: demo ? 'demo' : 'real',
    preferences,
    settings,
    providers,
    notifier: opts.notifier ?? null,
    now,
    summary: cost.summary,
    calls: cost.calls,
    pieceTitle: (id) => {
      try {
        return content.pieces.get(id).title;
      } catch {
        return null;
      }
    },
    timeZone,
    logger: opts.logger,
  });
  alerts.startSchedule(DIGEST_CHECK_MS);
  const workflows = {
    db,
    content,
    files,
    providers,
    jobs,
    pricer: cost.pricer,
    ledger: cost.ledger,
    budgetStatus: () => cost.budgets.status(),
    settings,
    now,
  };
  registerWorkflowJobs(workflows, opts.workflows);
  const baseUrls = new BaseUrlOverrides({
    settings,
    defaultUrl: opts.defaultBaseUrl ?? ((p) => PROVIDER_DESCRIPTORS[p].defaultBaseUrl),
  });
  const exporter = new ExportService({
    db,
    profiles: cost.ledger.profiles,
    summary: cost.summary,
    dataDir: opts.dataDir,
    onProgress: (p) => events.emit('export.progress', p),
    ...(opts.exportFiles ? { dialogs: opts.exportFiles } : {}),
  });
  const localGateway = new LocalGateway({
    db,
    dataDir: opts.dataDir,
    settings,
    profiles: cost.ledger.profiles,
    descriptors: PROVIDER_DESCRIPTORS,
    route: (provider) => providers.route(provider),
    ledger: cost.ledger,
    pricer: cost.pricer,
    budgets: cost.budgets,
    limiter: cost.limiter,
    timeZone,
    clock: () => now().getTime(),
    logger: opts.logger,
    onCall: (call) => events.emit('localGateway.call', call),
    ...(opts.gatewayPort !== undefined ? { port: opts.gatewayPort } : {}),
  });
  const telemetry = new TelemetryService({
    db,
    settings,
    secrets,
    jobs,
    logger: opts.logger,
    appVersion: APP_VERSION,
    clock: () => now().getTime(),
    knownSecrets: () => vaultSecrets(integrationsOf()),
    ...opts.telemetry,
  });
  void telemetry
    .start()
    .catch((e: unknown) =>
      opts.logger.warn(`telemetry: could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  const reconcile = new ReconcileService({
    db,
    ledger: cost.ledger,
    pricer: cost.pricer,
    providers,
    adminKeys: integrationsOf().adminKeys,
    onAlert: (alert) => events.emit('balance.alert', alert),
    clock: () => now().getTime(),
    logger: opts.logger,
    demoSeeded: () => settings.get(DEMO_SEEDED_SETTING, false),
  });
  const reconcileInterval = opts.reconcileIntervalMs ?? undefined;
  if (reconcileInterval !== 0) reconcile.startSchedule(reconcileInterval);
  const handlers = assembleHandlers(
    systemHandlers(
      {
        db,
        dbPath,
        dataDir: opts.dataDir,
        mode: opts.mode,
        demo: demo !== null || (opts.demo ?? false),
        version: APP_VERSION,
        migrations,
        startedAt: now(),
        history: () => historyState({ db, settings }),
      },
      now,
    ),
    ownIntegrations ? integrationsHandlers(ownIntegrations, baseUrls) : delegatedIntegrationHandlers(demo!),
    settingsHandlers({
      preferences,
      pricer: cost.pricer,
      dataDir: opts.dataDir,
      reveal: opts.revealPath ?? null,
      // The demo profile has no keychain of its own: it explains the real profile's.
      keychain: demo
        ? async () => {
            const k = await demo.real().router.call('settings.keychain', {});
            return { info: k, attempts: k.attempts };
          }
        : async () => {
            const c = await chosen;
            return { info: c.store.info(), attempts: c.attempts };
          },
      alerts,
    }),
    opts.profileHandlers ?? singleProfileHandlers({ active: demo ? 'demo' : 'real', dataDir: opts.dataDir, db }),
    ...cost.handlers,
    jobsHandlers(jobs),
    filesHandlers(intake, files),
    contentHandlers(content, { openExternal: opts.openExternal ?? null }),
    pieceHandlers(content, files),
    galleryHandlers({ media: content.media, settings, showInFolder: opts.showInFolder ?? null }),
    exportHandlers(exporter),
    workflowsHandlers(workflows),
    libraryHandlers(workflows),
    localGatewayHandlers(localGateway),
    telemetryHandlers(telemetry),
    reconcileHandlers(reconcile, integrationsOf().adminKeys),
  );
  const glance = () =>
    readGlance({
      profile: demo ? 'demo' : 'real',
      summary: cost.summary,
      budgets: cost.budgets,
      integrations: integrationsOf(),
      jobs,
      timeZone,
      now,
    });
  const router = createRouter({ handlers, isTrustedSender: opts.isTrustedSender, logger: opts.logger });
  if (opts.demoProviders) providers.attachDemo(opts.demoProviders);
  jobs.start();
  return {
    db,
    dbPath,
    router,
    events,
    settings,
    get integrations() {
      return integrationsOf();
    },
    preferences,
    alerts,
    glance,
    cost,
    providers,
    jobs,
    localGateway,
    files,
    content,
    telemetry,
    reconcile,
    secrets,
    exportFile: (exportId) => exporter.download(exportId),
    mediaFile(id) {
      try {
        return { path: content.media.pathOf(id), mime: content.media.get(id).mime };
      } catch {
        // Not generated media: a voice sample or avatar photo previewed in the library, else nothing.
        const preview = previewFilePath(workflows, id);
        return preview ? { path: preview, mime: files.get(id).mime } : null;
      }
    },
    uploads: createUploadHandler({ intake, uploadsDir: files.uploadsDir, logger: opts.logger }),
    async close() {
      await telemetry.close();
      jobs.close();
      await localGateway.close();
      reconcile.close();
      await alerts.close();
      ownIntegrations?.close();
      await providers.close();
      wal.stop();
      if (db.open) db.close();
      lock.release();
    },
  };
}

/** The demo profile answers integrations.* from the real profile: keys live in one vault, the real one. */
function delegatedIntegrationHandlers(demo: DemoLink): PartialHandlers {
  return Object.fromEntries(
    (Object.keys(integrationsChannels) as Array<keyof typeof integrationsChannels>).map((channel) => [
      channel,
      (input: never) => demo.real().router.call(channel, input),
    ]),
  );
}
