// Web mode (started by main/web/start.ts): main's services on loopback, UI in any browser.
import { parseArgs } from 'node:util';
import log from 'electron-log/node';
import { fileLogger, logFileIn } from '../core/file-log';
import { defaultDataDir } from '../core/paths';
import { ProfileManager } from '../profiles/manager';
import { startWebServer } from './server';

async function main(defaults: { rendererDir: string }): Promise<void> {
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
  // --demo starts in the demo profile (its own data folder); the real profile stays untouched.
  const profiles = await ProfileManager.open({
    rootDir: dataDir,
    startIn: values.demo ? 'demo' : 'real',
    startLocalGateway: true,
    app: {
      mode: 'web',
      moveAsideCorruptDb: values['move-aside-corrupt-db'] || process.env.AICON_MOVE_ASIDE_CORRUPT_DB === '1',
      logger,
      // The HTTP layer has already checked token, Host and Origin before dispatching.
      isTrustedSender: (s) => s.kind === 'web' && s.authenticated,
      ...(values['gateway-port'] !== undefined ? { gatewayPort: Number(values['gateway-port']) } : {}),
    },
  });
  const web = await startWebServer({
    router: profiles.router,
    events: profiles.events,
    uploads: profiles.uploads,
    media: profiles.mediaFile,
    exports: profiles.exportFile,
    rendererDir: values['renderer-dir'] ?? defaults.rendererDir,
    logger,
    port: Number(values.port),
  });
  logger.info(`data folder: ${profiles.state().dataDir} (${profiles.activeId} profile)`);
  // The one line the start script and tests look for.
  console.log(`AICON Studio (web mode) is running. Open: ${web.launchUrl}`);
  const stop = async () => {
    await web.close();
    await profiles.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function runWebMode(defaults: { rendererDir: string }): void {
  main(defaults).catch((e) => {
    console.error(`AICON Studio failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
