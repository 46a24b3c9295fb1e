// Web mode's file intake: POST /api/upload streams the request body to a temp file in the data
// folder's uploads/ while counting bytes, stops as soon as the purpose's size limit is passed, then
// runs the same checks as a dropped local file. The web server authenticates the request first.
import { randomUUID } from 'node:crypto';
import { createWriteStream, readdirSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > rule.maxBytes) done(tooLarge(name, rule.maxBytes, rule.label));
        else done(null, chunk);
      },
    });
    try {
      await mkdir(deps.uploadsDir, { recursive: true });
      await pipeline(req, counter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
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
