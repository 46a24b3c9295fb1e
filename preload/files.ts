// Electron glue for dropped files: the page hands over the File object itself and only preload
// turns it into a path. The page never gets a function that takes a path string.
import { webUtils } from 'electron';
import type { Api } from './api';
import { CallError } from './contract';
import type { FilePurpose, FilesBridge } from './contract/files';

/** window.aicon.files: the generated API minus the path-taking register, plus register(File). */
export function filesBridge(files: Api['files']): Omit<Api['files'], 'register'> & FilesBridge {
  const { register: registerPath, ...rest } = files;
  return {
    ...rest,
    register(file: File, purpose: FilePurpose) {
      // '' for a File built in JavaScript (not from disk): nothing to read, and nothing forged gets through.
      const path = webUtils.getPathForFile(file);
      if (!path) {
        return Promise.reject(
          new CallError({
            code: 'invalid_input',
            message: `"${file.name}" is not a file on this computer`,
            details: { reason: 'no_path' },
          }),
        );
      }
      return registerPath({ path, purpose });
    },
  };
}
