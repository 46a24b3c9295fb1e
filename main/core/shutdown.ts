// Quit without losing ledger rows: the first quit request is held (preventDefault) until close() has
// flushed the write queue and closed the database; only then does the app exit. Requests that arrive
// while closing are held too and do not close twice. Pure: the Electron glue passes the event and exit.
import type { Logger } from './logger';

export interface QuitEvent {
  preventDefault(): void;
}

export function createQuitGuard(opts: {
  close: () => Promise<void>;
  exit: (code: number) => void;
  logger: Logger;
}): (event: QuitEvent) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    opts
      .close()
      .then(
        () => 0,
        (e: unknown) => {
          opts.logger.error('shutdown: closing the services failed', e);
          return 1;
        },
      )
      .then((code) => {
        state = 'closed';
        opts.exit(code);
      });
  };
}
