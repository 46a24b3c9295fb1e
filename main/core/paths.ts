// Where the app keeps its data outside Electron (Electron uses app.getPath('userData')).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's SQLite file inside its data folder (the report script opens it too, without loading the app). */
export const DATABASE_FILE = 'aicon.sqlite';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.AICON_DATA_DIR) return env.AICON_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AICON Studio');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'AICON Studio');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'aicon-studio');
}
