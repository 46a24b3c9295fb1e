// Chooses how to run: Electron when its binary and a display are present (and --web is not given), else web mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');
if (!passThrough.includes('--no-demo') && !passThrough.includes('--demo')) passThrough.push('--demo');
const finalArgs = passThrough.filter((a) => a !== '--no-demo');

function electronBinary() {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const electron = forceWeb ? null : electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const [cmd, cmdArgs] =
  electron && hasDisplay
    ? [electron, [root, ...finalArgs]]
    : [process.execPath, [join(root, 'out/main/web.cjs'), ...finalArgs]];
if (!(electron && hasDisplay)) {
  console.log(
    electron
      ? 'No display found: starting web mode.'
      : 'No Electron binary here: starting web mode (open the URL below in a browser).',
  );
}
const child = spawn(cmd, cmdArgs, { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
