// Serves the renderer (and generated media at /media/<id>) from app://app with the strict CSP. Electron glue.
import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseByteRange } from '../core/byte-range';
import { SECURITY_HEADERS } from '../core/security';
import { contentTypeFor, resolveStaticFile } from '../core/static-files';

export type MediaLookup = (id: string) => { path: string; mime: string } | null;

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

async function mediaResponse(request: Request, file: { path: string; mime: string }): Promise<Response> {
  const size = (await stat(file.path)).size;
  const range = parseByteRange(request.headers.get('range') ?? undefined, size);
  if (range.kind === 'unsatisfiable')
    return new Response('Range not satisfiable', {
      status: 416,
      headers: { ...SECURITY_HEADERS, 'Content-Range': `bytes */${size}` },
    });
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  const body = size === 0 ? null : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream);
  return new Response(body, {
    status: range.kind === 'partial' ? 206 : 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': file.mime,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(Math.max(0, end - start + 1)),
      ...(range.kind === 'partial' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    },
  });
}

export function serveRenderer(rendererDir: string, media: MediaLookup): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host === 'app' && url.pathname.startsWith('/media/')) {
      let id: string;
      try {
        id = decodeURIComponent(url.pathname.slice('/media/'.length));
      } catch {
        return new Response('Malformed %-escape in the media id', { status: 400, headers: SECURITY_HEADERS });
      }
      const file = media(id);
      if (file)
        return mediaResponse(request, file).catch(
          () => new Response('Media file is missing', { status: 404, headers: SECURITY_HEADERS }),
        );
    }
    const file = url.host === 'app' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await readFile(file), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) },
    });
  });
}
