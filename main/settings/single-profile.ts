// profile.* for an app built on its own (tests, tools): it reports its one profile and backs it up, but
// cannot switch or reopen; main/profiles/manager.ts provides the full set.
import { join } from 'node:path';
import { AppError } from '../core/errors';
import type { PartialHandlers } from '../core/router';
import type { Db } from '../db/database';
import { BACKUPS_FOLDER, backupDatabase, listBackups } from '../db/backup';

export function singleProfileHandlers(o: { active: 'real' | 'demo'; dataDir: string; db: Db }): PartialHandlers {
  const state = {
    active: o.active,
    switchable: false,
    dataDir: o.dataDir,
    realDataDir: o.dataDir,
    demoDataDir: o.dataDir,
  };
  const folder = join(o.dataDir, BACKUPS_FOLDER);
  const fixed = () => {
    throw new AppError('unavailable', 'This app was started for one profile only; restart it to change profiles.');
  };
  return {
    'profile.state': () => state,
    'profile.switch': fixed,
    'profile.backups': () => ({ folder, backups: listBackups(folder) }),
    'profile.backup': () => backupDatabase(o.db, folder, o.active, new Date()),
    'profile.restore': fixed,
  };
}
