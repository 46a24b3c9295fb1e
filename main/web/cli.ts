// Entry for web mode (`node out/main/web.cjs`): main's services on loopback, UI in any browser.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import log from 'electron-log/node';
import { fileLogger, logFileIn } from '../core/file-log';
import { defaultDataDir } from '../core/paths';
import { demoTargetOf, seedDemoIfEmpty } from '../demo/seed';
import { startWebServer } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.AICON_PORT ?? '0' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
      'gateway-port': { type: 'string', default: process.env.AICON_GATEWAY_PORT },
      'move-aside-corrupt-db': { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // Console as before, and a rotating file in <data folder>/logs for after the fact.
  const logger = fileLogger(log, logFileIn(dataDir));
  process.on('uncaughtException', (e) => logger.error('uncaught exception', e));
  process.on('unhandledRejection', (e) => logger.error('unhandled promise rejection', e));
  // Demo mode: every provider call goes to the built-in fakes on loopback, never to a real key. They are up
  // before the app so a job resumed at start-up already calls them; loaded only here (a separate chunk the
  // real path never loads).
  const demoProviders = values.demo ? await (await import('../providers/demo')).startDemoProviders() : undefined;
  const app = createApp({
    dataDir,
    mode: 'web',
    demo: values.demo,
    moveAsideCorruptDb: values['move-aside-corrupt-db'] || process.env.AICON_MOVE_ASIDE_CORRUPT_DB === '1',
    logger,
    // The HTTP layer has already checked token, Host and Origin before dispatching.
    isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
    ...(values['gateway-port'] !== undefined ? { gatewayPort: Number(values['gateway-port']) } : {}),
    ...(demoProviders ? { demoProviders } : {}),
  });
  if (values.demo) {
    const seeded = seedDemoIfEmpty(demoTargetOf(app));
    if (seeded)
      logger.info(
        `demo: seeded ${seeded.attempts} ledger rows (${seeded.from.slice(0, 10)} to ${seeded.to.slice(0, 10)})`,
      );
  }
  const web = await startWebServer({
    router: app.router,
    events: app.events,
    uploads: app.uploads,
    media: (id) => app.mediaFile(id),
    exports: (id) => app.exportFile(id),
    rendererDir: values['renderer-dir'] ?? resolve(__dirname, '../renderer'),
    logger,
    port: Number(values.port),
  });
  logger.info(`data folder: ${dataDir}`);
  const gateway = await app.localGateway.apply();
  if (gateway.enabled && !gateway.running) logger.warn(`local gateway not started: ${gateway.error}`);
  // The one line the start script and tests look for.
  console.log(`AICON Studio (web mode) is running. Open: ${web.launchUrl}`);
  const stop = async () => {
    await web.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`AICON Studio failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
