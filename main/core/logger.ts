// Minimal leveled logger. Messages pass through redact() so nothing key-shaped is ever written.
import { redactSecrets } from './redact';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function createConsoleLogger(prefix = 'aicon', quiet = false): Logger {
  const fmt = (m: string) => `[${prefix}] ${redactSecrets(m)}`;
  return {
    info: (m) => {
      if (!quiet) console.log(fmt(m));
    },
    warn: (m) => console.warn(fmt(m)),
    error: (m, e) =>
      console.error(
        fmt(m),
        e instanceof Error ? redactSecrets(e.stack ?? e.message) : e === undefined ? '' : redactSecrets(String(e)),
      ),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
