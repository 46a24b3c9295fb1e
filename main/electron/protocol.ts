// Serves the renderer from app://app with the strict CSP. Electron glue.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS } from '../core/security';
import { contentTypeFor, resolveStaticFile } from '../core/static-files';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await readFile(file), { headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) } });
  });
}
