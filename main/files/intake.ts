// The two ways a file arrives (a local path from Electron's preload, or bytes uploaded in web mode)
// end the same way: checked, registered, and hashed by a files.checksum job.
import type { FilePurpose, RegisteredFile } from '../../preload/contract/files';
import type { JobService } from '../jobs/service';
import { CHECKSUM_JOB_KIND } from './checksum-job';
import { FileIntakeError } from './errors';
import type { FileRegistry } from './registry';

export interface FileIntake {
  registerPath(path: string, purpose: FilePurpose): Promise<RegisteredFile>;
  acceptUpload(tempPath: string, purpose: FilePurpose, name: string): Promise<RegisteredFile>;
}

export function createFileIntake(deps: {
  registry: FileRegistry;
  jobs: JobService;
  mode: 'electron' | 'web';
}): FileIntake {
  const queueChecksum = (file: RegisteredFile): RegisteredFile => {
    const job = deps.jobs.enqueue({ kind: CHECKSUM_JOB_KIND, input: { fileId: file.id } });
    deps.registry.setChecksumJob(file.id, job.id);
    return deps.registry.get(file.id);
  };
  return {
    async registerPath(path, purpose) {
      // In web mode the page is a browser tab: it has no paths, and must not be able to name one.
      if (deps.mode === 'web') {
        throw new FileIntakeError(
          'web_mode_upload_only',
          'In web mode files are uploaded (POST /api/upload), not registered by path',
        );
      }
      return queueChecksum(await deps.registry.registerLocal(path, purpose));
    },
    async acceptUpload(tempPath, purpose, name) {
      const file = await deps.registry.registerUpload(tempPath, purpose, name);
      try {
        return queueChecksum(file);
      } catch (e) {
        // No half-registered upload: without its checksum job the file goes again (best effort on a full disk).
        await deps.registry.remove(file.id).catch(() => false);
        throw e;
      }
    },
  };
}
