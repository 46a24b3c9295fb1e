// File logs through electron-log (electron-log/main in Electron, electron-log/node in web mode): one
// main.log in <data folder>/logs, rotated to main.old.log when it passes LOG_MAX_BYTES. Every message passes
// through redactSecrets first, as with the console logger.
import { join } from 'node:path';
import type { LogFunctions, NodeLogger } from 'electron-log';
import type { Logger } from './logger';
import { redactSecrets } from './redact';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export const logFileIn = (dataDir: string): string => join(dataDir, 'logs', 'main.log');

const detail = (e: unknown): string =>
  e instanceof Error ? redactSecrets(e.stack ?? e.message) : e === undefined ? '' : redactSecrets(String(e));

/** Points electron-log's file transport at `file` (rotating at LOG_MAX_BYTES) and wraps it as the app's Logger. */
export function fileLogger(log: NodeLogger, file: string, opts: { console?: boolean } = {}): Logger {
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.level = 'info';
  log.transports.console.level = opts.console === false ? false : 'info';
  return loggerOver(log);
}

export function loggerOver(log: LogFunctions): Logger {
  return {
    info: (m) => log.info(redactSecrets(m)),
    warn: (m) => log.warn(redactSecrets(m)),
    error: (m, e) => (e === undefined ? log.error(redactSecrets(m)) : log.error(redactSecrets(m), detail(e))),
  };
}
