// Registered files as provider inputs: the file must still be the one that was checked at intake (same
// size and mtime) and of the kind the step needs, so a swapped or wrong file fails with a clear message.
import type { FileKind, RegisteredFile } from '../../preload/contract/files';
import { AppError } from '../core/errors';
import { costOfCalls } from '../ledger/reads';
import type { WorkflowDeps } from './deps';

export interface UsableFile {
  file: RegisteredFile;
  path: string;
}

const withArticle = (kind: FileKind) => (kind === 'video' ? `a ${kind}` : `an ${kind}`);
const anyOf = (kinds: readonly FileKind[]) => kinds.map(withArticle).join(' or ');

export async function usableFile(
  d: Pick<WorkflowDeps, 'db' | 'files'>,
  fileId: string,
  kind: FileKind | readonly FileKind[],
  purpose: string,
): Promise<UsableFile> {
  const kinds: readonly FileKind[] = typeof kind === 'string' ? [kind] : kind;
  const { file, handle } = await d.files.openVerified(fileId);
  await handle.close();
  if (!kinds.includes(file.kind)) {
    throw new AppError(
      'invalid_input',
      `"${file.name}" is ${withArticle(file.kind)} file (${file.mime}); ${purpose} needs ${anyOf(kinds)} file`,
    );
  }
  // The registry keeps paths in main only; the provider clients stream from the path.
  const row = d.db.prepare<[string], { path: string }>('SELECT path FROM files WHERE id = ?').get(fileId);
  if (!row) throw new AppError('not_found', `No registered file with id ${fileId}`);
  return { file, path: row.path };
}

/** Sum over every attempt of the given calls in the ledger (for clients that return call ids, not costs). */
export function ledgerCostOf(d: Pick<WorkflowDeps, 'db'>, callIds: string[]): number {
  return costOfCalls(d.db, callIds);
}
