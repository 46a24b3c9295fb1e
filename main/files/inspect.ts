// Checks one dropped file before the app accepts it: a regular file (symlinks are resolved and the
// target is checked), not empty, within the purpose's size limit, and of an accepted type judged by
// its magic bytes — the name's extension is never trusted.
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { describeLimit, INTAKE_RULES, type FileKind, type FilePurpose } from '../../preload/contract/files';
import { FileIntakeError, intakeErrorFromFs } from './errors';

export interface InspectedFile {
  /** The resolved path (symlinks followed) that the app will read from. */
  realPath: string;
  size: number;
  mtimeMs: number;
  ext: string;
  mime: string;
  kind: FileKind;
}

// O_NOFOLLOW: the resolved path must still be the file itself when opened (no link swapped in).
// O_NONBLOCK: opening a FIFO swapped in after the checks must not hang the main process.
/** Bytes read for sniffing: file-type's own "reasonable detection size" (4100). */
const SNIFF_BYTES = 4100;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  if (n < 1000 * 1000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1000 / 1000).toFixed(1)} MB`;
}

/** A display name safe to show and store: the base name without control characters, at most 255 chars. */
export function displayName(raw: string | null | undefined): string {
  const clean = basename(String(raw ?? '').replaceAll('\\', '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return clean.slice(0, 255) || 'file';
}

function refuseNonRegular(st: Stats, name: string): void {
  if (st.isFile()) return;
  if (st.isDirectory()) throw new FileIntakeError('directory', `"${name}" is a folder, not a file`);
  if (st.isFIFO()) throw new FileIntakeError('fifo', `"${name}" is a named pipe (FIFO), not a file`);
  if (st.isCharacterDevice() || st.isBlockDevice())
    throw new FileIntakeError('device', `"${name}" is a device, not a file`);
  if (st.isSocket()) throw new FileIntakeError('socket', `"${name}" is a socket, not a file`);
  throw new FileIntakeError('not_regular', `"${name}" is not a regular file`);
}

export function kindOfMime(mime: string): FileKind | null {
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  return null;
}

export async function inspectFile(
  path: string,
  purpose: FilePurpose,
  name = displayName(path),
): Promise<InspectedFile> {
  if (!isAbsolute(path)) throw new FileIntakeError('not_absolute', `"${name}" was not given as an absolute path`);
  const rule = INTAKE_RULES[purpose];

  let realPath = path;
  let st: Stats;
  try {
    st = await lstat(path);
    if (st.isSymbolicLink()) {
      // Policy: follow the link, check and record the target, and read the target from then on.
      realPath = await realpath(path);
      st = await lstat(realPath);
    }
  } catch (e) {
    throw intakeErrorFromFs(e, name);
  }
  refuseNonRegular(st, name);
  if (st.size === 0) throw new FileIntakeError('empty', `"${name}" is empty (0 bytes)`);
  if (st.size > rule.maxBytes) {
    throw new FileIntakeError(
      'too_large',
      `"${name}" is ${formatBytes(st.size)}, over the ${describeLimit(rule.maxBytes)} limit (${rule.label.toLowerCase()})`,
      {
        size: st.size,
        maxBytes: rule.maxBytes,
      },
    );
  }

  let head: Buffer;
  try {
    const handle = await open(realPath, OPEN_FLAGS);
    try {
      const opened = await handle.stat();
      if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev || opened.size !== st.size) {
        throw new FileIntakeError('changed', `"${name}" changed while it was being checked; drop it again`);
      }
      head = Buffer.alloc(Math.min(st.size, SNIFF_BYTES));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof FileIntakeError) throw e;
    throw intakeErrorFromFs(e, name);
  }

  const accepted = `${rule.label}: ${rule.accept.join(', ')}`;
  const detected = await fileTypeFromBuffer(head);
  if (!detected) {
    throw new FileIntakeError('wrong_type', `"${name}" is not a recognised media file. Accepted here: ${accepted}`, {
      accepted: rule.accept,
    });
  }
  const kind = kindOfMime(detected.mime);
  if (!kind || !rule.accept.includes(detected.ext)) {
    throw new FileIntakeError(
      'wrong_type',
      `"${name}" is ${detected.ext.toUpperCase()} (${detected.mime}), which is not accepted here. ${accepted}`,
      {
        detected: detected.mime,
        accepted: rule.accept,
      },
    );
  }
  return { realPath, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), ext: detected.ext, mime: detected.mime, kind };
}
