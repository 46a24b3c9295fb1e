// files.checksum: hashes a registered file (sha256) with progress, so media integrity can be
// checked before an upload to a provider and recorded next to generated outputs.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JobHandler } from '../jobs/types';
import type { FileRegistry } from './registry';

export const CHECKSUM_JOB_KIND = 'files.checksum';
const READ_BYTES = 1024 * 1024;

const inputSchema = z.object({ fileId: z.string().min(1) }).strict();
type ChecksumInput = z.infer<typeof inputSchema>;

export function checksumJobHandler(registry: FileRegistry): JobHandler<ChecksumInput> {
  return {
    kind: CHECKSUM_JOB_KIND,
    parseInput: (raw) => inputSchema.parse(raw),
    async run(ctx) {
      const { file, handle } = await registry.openVerified(ctx.input.fileId);
      const hash = createHash('sha256');
      // One buffer, read into again and again: hashing a 2 GB recording allocates nothing per chunk, so memory
      // stays flat (a stream's fresh buffer per chunk grew RSS by ~80 MB before the GC caught up).
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      let bytes = 0;
      try {
        ctx.progress(0, `Hashing ${file.name}`);
        for (;;) {
          ctx.signal.throwIfAborted();
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
          if (bytesRead === 0) break;
          hash.update(buffer.subarray(0, bytesRead));
          bytes += bytesRead;
          ctx.progress(bytes / file.size, `Hashing ${file.name}`);
        }
      } finally {
        await handle.close();
      }
      if (bytes !== file.size) throw new Error(`"${file.name}" was ${bytes} bytes when read, ${file.size} when added`);
      const sha256 = hash.digest('hex');
      registry.setSha256(file.id, sha256);
      return { fileId: file.id, sha256, bytes };
    },
  };
}
