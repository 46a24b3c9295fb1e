// The profile manager owns one createApp() per open profile and stands behind the router, the event stream,
// uploads, media and exports: switching to or from the demo profile, or reopening a restored database, swaps
// the services without a restart. The real profile is always open (its vault holds every key); the demo
// profile lives in its own data folder, seeded with fake history, and is closed when left.
import { join } from 'node:path';
import type { Backup, ProfileId, ProfileState } from '../../preload/contract/profile';
import { type AppOptions, type AppServices, createApp, DATABASE_FILE } from '../app';
import { AppError, isAppError } from '../core/errors';
import { createEventBus, type EventBus } from '../core/events';
import type { PartialHandlers, Router } from '../core/router';
import { migrations } from '../db/migrations';
import { seedDemoPieces } from '../demo/pieces';
import { demoTargetOf, seedDemoIfEmpty } from '../demo/seed';
import type { ProviderId } from '../gateway/types';
import type { DemoProviders } from '../providers/registry';
import type { SecretStore } from '../vault/types';
import { BACKUPS_FOLDER, backupDatabase, listBackups, replaceDatabase, validateBackup } from '../db/backup';

export type SharedAppOptions = Omit<AppOptions, 'dataDir' | 'demo' | 'demoOf' | 'profileHandlers'>;

export interface ProfileManagerOptions {
  /** The real profile's data folder; the demo profile lives in <root>/profiles/demo. */
  rootDir: string;
  startIn: ProfileId;
  app: SharedAppOptions;
  /** Default: every provider's built-in fake on loopback. */
  startDemoProviders?: () => Promise<DemoProviders>;
  /** Fake history for a new demo profile; default 90 days (only into an empty demo ledger). */
  seedDemo?: (app: AppServices) => void;
  /** Start the real profile's local gateway (the app's entry points do; tests start their own). */
  startLocalGateway?: boolean;
}

interface Open {
  id: ProfileId;
  services: AppServices;
  inflight: number;
  drained: Array<() => void>;
}

export const demoDataDir = (rootDir: string) => join(rootDir, 'profiles', 'demo');

export class ProfileManager {
  readonly events: EventBus;
  readonly router: Router;
  private real!: Open;
  private demo: Open | null = null;
  private current!: Open;
  /** New calls wait on this while a profile is being swapped. */
  private gate: Promise<void> = Promise.resolve();
  private realSecrets: Promise<SecretStore> | null = null;
  private readonly listeners = new Set<Parameters<EventBus['subscribe']>[0]>();

  static async open(opts: ProfileManagerOptions): Promise<ProfileManager> {
    const m = new ProfileManager(opts);
    m.real = m.openReal();
    m.current = m.real;
    if (opts.startIn === 'demo') await m.switchTo('demo');
    return m;
  }

  private constructor(private readonly opts: ProfileManagerOptions) {
    const bus = createEventBus();
    bus.subscribe((name, payload) => this.broadcast(name, payload));
    this.events = {
      emit: (name, payload) => bus.emit(name, payload),
      subscribe: (l) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
    };
    this.router = {
      dispatch: (sender, channel, raw) =>
        // profile.* runs outside the in-flight count: it is what waits for the others to drain.
        typeof channel === 'string' && channel.startsWith('profile.')
          ? this.current.services.router.dispatch(sender, channel, raw)
          : this.use((s) => s.router.dispatch(sender, channel, raw)),
      call: (channel, input) =>
        channel.startsWith('profile.')
          ? this.current.services.router.call(channel, input)
          : this.use((s) => s.router.call(channel, input)),
    };
  }

  /** The services of the profile in use (tray, notifications, the Electron protocol). */
  get active(): AppServices {
    return this.current.services;
  }

  get activeId(): ProfileId {
    return this.current.id;
  }

  /** The real profile's services, open whatever profile is active. */
  get realServices(): AppServices {
    return this.real.services;
  }

  uploads: AppServices['uploads'] = (req, query) => this.use((s) => s.uploads(req, query));
  mediaFile = (id: string) => this.current.services.mediaFile(id);
  exportFile = (id: string) => this.current.services.exportFile(id);

  state(): ProfileState {
    return {
      active: this.current.id,
      switchable: true,
      dataDir: this.dirOf(this.current.id),
      realDataDir: this.opts.rootDir,
      demoDataDir: demoDataDir(this.opts.rootDir),
    };
  }

  async switchTo(to: ProfileId): Promise<ProfileState> {
    if (to === this.current.id) return this.state();
    if (to === 'demo') {
      this.demo ??= await this.openDemo();
      this.current = this.demo;
    } else {
      const leaving = this.demo;
      this.current = this.real;
      this.demo = null;
      if (leaving) await this.retire(leaving);
    }
    this.opts.app.logger.info(`profiles: now on the ${to} profile (${this.dirOf(to)})`);
    return this.state();
  }

  backups(): { folder: string; backups: Backup[] } {
    const folder = this.backupsDir(this.current.id);
    return { folder, backups: listBackups(folder) };
  }

  backup(): Promise<Backup> {
    return backupDatabase(this.current.services.db, this.backupsDir(this.current.id), this.current.id, new Date());
  }

  /** Checks the backup, keeps a copy of the database as it is now, then reopens the profile on the backup. */
  async restore(name: string): Promise<{ restored: string; safetyCopy: Backup }> {
    const target = this.current;
    const folder = this.backupsDir(target.id);
    if (!listBackups(folder).some((b) => b.name === name))
      throw new AppError('not_found', `No backup named ${name} in ${folder}`);
    validateBackup(join(folder, name), migrations.length);
    const safetyCopy = await backupDatabase(target.services.db, folder, `${target.id}-before-restore`, new Date());
    let reopened!: () => void;
    this.gate = new Promise((ok) => (reopened = ok));
    try {
      await this.retire(target);
      replaceDatabase(join(this.dirOf(target.id), DATABASE_FILE), join(folder, name));
      const fresh = target.id === 'real' ? this.openReal() : await this.openDemo();
      if (target.id === 'real') this.real = fresh;
      else this.demo = fresh;
      if (this.current === target) this.current = fresh;
    } finally {
      reopened();
    }
    this.opts.app.logger.info(
      `profiles: ${target.id} profile restored from ${name} (previous state kept as ${safetyCopy.name})`,
    );
    return { restored: name, safetyCopy };
  }

  async close(): Promise<void> {
    if (this.demo) await this.retire(this.demo);
    await this.retire(this.real);
  }

  /** profile.* handlers, given to every app this manager builds. */
  private handlers(): PartialHandlers {
    return {
      'profile.state': () => this.state(),
      'profile.switch': ({ to }) => this.switchTo(to),
      'profile.backups': () => this.backups(),
      'profile.backup': () => this.backup(),
      'profile.restore': ({ name }) => this.restore(name),
    };
  }

  private dirOf(id: ProfileId): string {
    return id === 'real' ? this.opts.rootDir : demoDataDir(this.opts.rootDir);
  }

  private backupsDir(id: ProfileId): string {
    return join(this.dirOf(id), BACKUPS_FOLDER);
  }

  /** Opens the real profile; a reopen (restore) keeps the vault it had, so keys held in memory survive. */
  private openReal(): Open {
    const secretStore = this.opts.app.secretStore ?? this.realSecrets;
    const services = createApp({
      ...this.opts.app,
      ...(secretStore ? { secretStore } : {}),
      dataDir: this.opts.rootDir,
      profileHandlers: this.handlers(),
    });
    this.realSecrets = services.secrets;
    // Other tools' calls always meter into the real profile; a taken port shows on the Gateway screen, never fatal.
    if (this.opts.startLocalGateway)
      void services.localGateway.apply().then((status) => {
        if (status.enabled && !status.running) this.opts.app.logger.warn(`local gateway not started: ${status.error}`);
      });
    return this.track('real', services);
  }

  private async openDemo(): Promise<Open> {
    // Loaded only here: the fakes and their fixtures are a separate chunk the real profile never loads.
    const start = this.opts.startDemoProviders ?? (await import('../providers/demo')).startDemoProviders;
    const fakes = await start();
    const services = createApp({
      ...this.opts.app,
      dataDir: demoDataDir(this.opts.rootDir),
      demo: true,
      // One vault: the demo profile uses the real profile's (its keys, and no second keychain probe).
      secretStore: this.real.services.secrets,
      demoOf: {
        fakes,
        real: () => this.real.services,
        realTarget: (provider, integrationId) => this.realTarget(provider, integrationId),
      },
      profileHandlers: this.handlers(),
    });
    (this.opts.seedDemo ?? ((app) => void seedDemoIfEmpty(demoTargetOf(app))))(services);
    seedDemoPieces(services.content.pieces);
    return this.track('demo', services);
  }

  /** A real key for the provider (named or default) in the real profile, else null (the call goes to the fake). */
  private async realTarget(provider: ProviderId, integrationId?: string) {
    const real = this.real.services;
    try {
      await real.integrations.getCredential(integrationId ? { integrationId } : { provider });
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found') return null;
      throw e;
    }
    return real.providers.target(provider, integrationId);
  }

  private track(id: ProfileId, services: AppServices): Open {
    const open: Open = { id, services, inflight: 0, drained: [] };
    services.events.subscribe((name, payload) => {
      if (this.current === open) this.broadcast(name, payload);
    });
    return open;
  }

  private broadcast(name: Parameters<Parameters<EventBus['subscribe']>[0]>[0], payload: unknown): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A closed window or dropped SSE socket must not stop the others.
      }
    }
  }

  private async use<T>(fn: (s: AppServices) => Promise<T>): Promise<T> {
    await this.gate;
    const open = this.current;
    open.inflight++;
    try {
      return await fn(open.services);
    } finally {
      open.inflight--;
      if (open.inflight === 0) for (const done of open.drained.splice(0)) done();
    }
  }

  /** Waits for the profile's calls in flight, then closes it. */
  private async retire(open: Open): Promise<void> {
    if (open.inflight > 0) await new Promise<void>((ok) => open.drained.push(ok));
    await open.services.close();
  }
}
