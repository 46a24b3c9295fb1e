// Web mode's file intake: POST /api/upload streams the request body to a temp file in the data
// folder's uploads/ while counting bytes, stops as soon as the purpose's size limit is passed, then
// runs the same checks as a dropped local file. The web server authenticates the request first.
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describeLimit, filePurposeSchema, INTAKE_RULES, type RegisteredFile } from '../../preload/contract/files';
import type { Result } from '../../preload/contract/result';
import { isAppError, type AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { storageError } from '../core/storage-errors';
import { FileIntakeError } from './errors';
import { displayName } from './inspect';
import type { FileIntake } from './intake';

export interface UploadResponse {
  status: number;
  body: Result<RegisteredFile>;
}

export type UploadHandler = (req: IncomingMessage, query: URLSearchParams) => Promise<UploadResponse>;

/** HTTP 507: the disk (or quota) had no room, or the folder is not writable; the body names what to do. */
const INSUFFICIENT_STORAGE = 507;

const refuse = (status: number, e: AppError): UploadResponse => ({
  status,
  body: { ok: false, error: e.toShape() },
});

function tooLarge(name: string, maxBytes: number, label: string): FileIntakeError {
  return new FileIntakeError(
    'too_large',
    `"${name}" is over the ${describeLimit(maxBytes)} limit (${label.toLowerCase()})`,
    { maxBytes },
  );
}

/** Deletes partial uploads left by a crash; called once at start-up, when no upload can be in flight. */
export function sweepPartialUploads(uploadsDir: string): number {
  let names: string[];
  try {
    names = readdirSync(uploadsDir);
  } catch {
    return 0; // no uploads folder yet
  }
  const partial = names.filter((n) => n.endsWith('.part'));
  for (const n of partial) rmSync(join(uploadsDir, n), { force: true });
  return partial.length;
}

/**
 * Frees a body chunk's memory once it is on disk. Node hands over each body chunk in a buffer of its own
 * (node_http_parser copies it); left to the garbage collector, a 2 GB upload kept ~65 MB of dead chunks alive
 * between collections (bench upload_2gb_rss_growth_mb; 14 MB with this). ArrayBuffer.transfer(0) detaches and
 * releases it now; a chunk that shares its memory with anything else (a pooled slice) is left alone.
 */
function release(chunk: Buffer): void {
  const memory = chunk.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (chunk.byteOffset === 0 && chunk.length === memory.byteLength && typeof memory.transfer === 'function')
    memory.transfer(0);
}

export function createUploadHandler(deps: { intake: FileIntake; uploadsDir: string; logger: Logger }): UploadHandler {
  const swept = sweepPartialUploads(deps.uploadsDir);
  if (swept) deps.logger.info(`upload: removed ${swept} partial upload(s) left by the last run`);
  return async (req, query) => {
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return refuse(
        415,
        new FileIntakeError('wrong_type', 'Upload the raw file bytes with Content-Type: application/octet-stream'),
      );
    }
    const purpose = filePurposeSchema.safeParse(query.get('purpose'));
    if (!purpose.success) {
      return {
        status: 400,
        body: {
          ok: false,
          error: {
            code: 'invalid_input',
            message: `Unknown upload purpose; expected one of ${filePurposeSchema.options.join(', ')}`,
          },
        },
      };
    }
    const rule = INTAKE_RULES[purpose.data];
    const name = displayName(query.get('name'));
    const declared = Number(req.headers['content-length']);
    // Refuse before reading a byte when the browser already told us the size.
    if (Number.isFinite(declared) && declared > rule.maxBytes)
      return refuse(413, tooLarge(name, rule.maxBytes, rule.label));

    const tempPath = join(deps.uploadsDir, `${randomUUID()}.part`);
    let received = 0;
    try {
      await mkdir(deps.uploadsDir, { recursive: true });
      // Each chunk is written before the next is read (back-pressure) and then released: memory stays flat.
      const out = await open(tempPath, 'wx', 0o600);
      try {
        for await (const chunk of req as AsyncIterable<Buffer>) {
          received += chunk.length;
          if (received > rule.maxBytes) throw tooLarge(name, rule.maxBytes, rule.label);
          for (let offset = 0; offset < chunk.length; ) {
            offset += (await out.write(chunk, offset, chunk.length - offset)).bytesWritten;
          }
          release(chunk);
        }
      } finally {
        await out.close();
      }
    } catch (e) {
      await rm(tempPath, { force: true });
      if (e instanceof FileIntakeError) return refuse(413, e);
      const stored = storageError(e, deps.uploadsDir);
      if (stored) {
        deps.logger.warn(`upload: ${name} not saved after ${received} bytes: ${stored.message}`);
        return refuse(INSUFFICIENT_STORAGE, stored);
      }
      deps.logger.warn(`upload: ${name} interrupted after ${received} bytes`);
      return {
        status: 400,
        body: { ok: false, error: { code: 'invalid_input', message: `The upload of "${name}" was interrupted` } },
      };
    }

    try {
      const file = await deps.intake.acceptUpload(tempPath, purpose.data, name);
      return { status: 200, body: { ok: true, data: file } };
    } catch (e) {
      if (e instanceof FileIntakeError) return refuse(e.reason === 'too_large' ? 413 : 422, e);
      if (isAppError(e)) return refuse(400, e);
      const stored = storageError(e, deps.uploadsDir);
      if (stored) return refuse(INSUFFICIENT_STORAGE, stored);
      throw e;
    }
  };
}
