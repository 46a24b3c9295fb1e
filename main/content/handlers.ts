import { AppError } from '../core/errors';
import type { PartialHandlers } from '../core/router';
import type { ContentLibrary } from './library';

export interface ContentHandlerOptions {
  /** Hands an https/http URL to the OS browser (Electron's shell); null in web mode. */
  openExternal: ((url: string) => Promise<void>) | null;
}

/** A cited page may be opened only when the research result cites it, and never with credentials in the URL. */
function citedUrl(lib: ContentLibrary, researchId: string, url: string): string {
  const record = lib.research.get(researchId);
  const cited = record.perspectives.some((p) => p.citations.some((c) => c.url === url));
  const u = URL.canParse(url) ? new URL(url) : null;
  if (!cited || !u || !/^https?:$/.test(u.protocol) || u.username || u.password)
    throw new AppError('invalid_input', 'Only a page this research result cites can be opened');
  return u.toString();
}

export function contentHandlers(
  lib: ContentLibrary,
  opts: ContentHandlerOptions = { openExternal: null },
): PartialHandlers {
  const { pieces, transcripts, analyses, research, personas, scripts, voices, avatars, media } = lib;
  return {
    'content.create': (input) => pieces.create(input),
    'content.get': ({ id }) => pieces.get(id),
    // A typed transcript is a new version of it (Transcribe adds versions too; neither overwrites the other).
    'content.update': ({ id, patch: { transcript, ...rest } }) => {
      if (transcript !== undefined) transcripts.add(id, { body: transcript, origin: 'manual' });
      return pieces.update(id, rest);
    },
    'content.delete': ({ id }) => ({ deleted: pieces.delete(id) }),
    'content.list': (query) => pieces.list(query),

    'analyses.list': ({ contentId }) => ({ items: analyses.list(contentId) }),
    'analyses.get': ({ id }) => analyses.get(id),
    'analyses.delete': ({ id }) => ({ deleted: analyses.delete(id) }),

    'research.list': (filter) => ({ items: research.list(filter) }),
    'research.get': ({ id }) => research.get(id),
    'research.delete': ({ id }) => ({ deleted: research.delete(id) }),
    'research.openSource': async ({ id, url }) => {
      const safe = citedUrl(lib, id, url);
      if (!opts.openExternal) return { opened: false, url: safe };
      await opts.openExternal(safe);
      return { opened: true, url: safe };
    },

    'personas.create': (input) => personas.create(input),
    'personas.get': ({ id }) => personas.get(id),
    'personas.list': () => ({ items: personas.list() }),
    'personas.update': ({ id, patch }) => personas.update(id, patch),
    'personas.delete': ({ id }) => ({ deleted: personas.delete(id) }),

    'scripts.create': (input) => scripts.create({ ...input, origin: 'manual' }),
    'scripts.get': ({ id }) => scripts.get(id),
    'scripts.list': (filter) => ({ items: scripts.list(filter) }),
    'scripts.update': ({ id, ...edit }) => scripts.update(id, edit),
    'scripts.versions': ({ id }) => ({ items: scripts.versions(id) }),
    'scripts.diff': ({ id, from, to }) => scripts.diff(id, from, to),
    'scripts.delete': ({ id }) => ({ deleted: scripts.delete(id) }),

    'voices.create': ({ name, remoteId }) => voices.create({ name, remoteId, status: 'ready' }),
    'voices.get': ({ id }) => voices.get(id),
    'voices.list': () => ({ items: voices.list() }),
    'voices.update': ({ id, name }) => voices.rename(id, name),
    'voices.delete': ({ id }) => ({ deleted: voices.delete(id) }),

    'avatars.create': ({ name, remoteId }) => avatars.create({ name, remoteId, status: 'ready' }),
    'avatars.get': ({ id }) => avatars.get(id),
    'avatars.list': () => ({ items: avatars.list() }),
    'avatars.update': ({ id, name }) => avatars.rename(id, name),
    'avatars.delete': ({ id }) => ({ deleted: avatars.delete(id) }),

    'media.list': (filter) => ({ items: media.list(filter) }),
    'media.get': ({ id }) => media.get(id),
    'media.delete': async ({ id }) => ({ deleted: await media.delete(id) }),
  };
}
