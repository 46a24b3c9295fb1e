// Entry for web mode (`node out/main/web.cjs`). Node's on-disk compile cache is switched on before the app's
// modules load (they come in through the dynamic import below), so a restart skips compiling them again.
import module from 'node:module';
import { resolve } from 'node:path';

module.enableCompileCache?.();
void import('./cli').then(({ runWebMode }) => runWebMode({ rendererDir: resolve(__dirname, '../renderer') }));
