// IPC for a piece's files and transcript versions. File ids are checked and resolved through the registry
// (main/files owns the files table); a file removed from the registry is left out of the list.
import type { RegisteredFile } from '../../preload/contract/files';
import type { PartialHandlers } from '../core/router';
import type { FileRegistry } from '../files/registry';
import type { ContentLibrary } from './library';

export function pieceHandlers(
  lib: Pick<ContentLibrary, 'pieces' | 'pieceFiles' | 'transcripts'>,
  files: FileRegistry,
): PartialHandlers {
  const filesOf = (contentId: string) => {
    lib.pieces.get(contentId);
    const out: RegisteredFile[] = [];
    for (const id of lib.pieceFiles.fileIds(contentId)) {
      try {
        out.push(files.get(id));
      } catch {
        // removed from the registry since: nothing to show
      }
    }
    return { files: out };
  };
  return {
    'pieceFiles.list': ({ contentId }) => filesOf(contentId),
    'pieceFiles.attach': ({ contentId, fileId }) => {
      lib.pieces.get(contentId);
      files.get(fileId);
      lib.pieceFiles.attach(contentId, fileId);
      return filesOf(contentId);
    },
    'pieceFiles.detach': ({ contentId, fileId }) => {
      lib.pieceFiles.detach(contentId, fileId);
      return filesOf(contentId);
    },
    'transcripts.versions': ({ contentId }) => ({ items: lib.transcripts.versions(contentId) }),
    'transcripts.diff': ({ contentId, from, to }) => lib.transcripts.diff(contentId, from, to),
    'transcripts.restore': ({ contentId, version }) => lib.transcripts.restore(contentId, version),
  };
}
