// Typed refusals for dropped files. The code the renderer sees is invalid_input (or not_found for a
// vanished file); details.reason says exactly why, so the UI can phrase it.
import type { FileIntakeReason } from '../../preload/contract/files';
import { AppError } from '../core/errors';

export class FileIntakeError extends AppError {
  constructor(
    readonly reason: FileIntakeReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(reason === 'missing' ? 'not_found' : 'invalid_input', message, { reason, ...details });
    this.name = 'FileIntakeError';
  }
}

/** Maps an fs error (lstat/open/read) to a clear refusal; anything unexpected is rethrown. */
export function intakeErrorFromFs(e: unknown, name: string): FileIntakeError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileIntakeError('missing', `"${name}" no longer exists at the place it was dropped from`);
    case 'EACCES':
    case 'EPERM':
      return new FileIntakeError('unreadable', `"${name}" cannot be read: permission denied`);
    case 'ELOOP':
      return new FileIntakeError(
        'changed',
        `"${name}" was replaced by a link while it was being checked; drop it again`,
      );
    case 'EISDIR':
      return new FileIntakeError('directory', `"${name}" is a folder, not a file`);
    default:
      throw e;
  }
}
