// The recording tools' settings (where ffmpeg is, the chunk size) and the media gallery's extras: a video's thumbnail (one frame grabbed by ffmpeg, cached beside the video) and
// "show in folder" on the desktop. Without ffmpeg the gallery still plays and downloads; it just has no thumbnail.
import { readFile, stat } from 'node:fs/promises';
import type { PartialHandlers } from '../core/router';
import { isAppError } from '../core/errors';
import type { MediaStore } from '../content/media';
import type { SettingsStore } from '../system/settings';
import { CHUNK_BYTES_SETTING, chunkBytes } from './chunks';
import { FFMPEG_PATH_SETTING, grabFrame, locateMediaTools } from './ffmpeg';

export interface GalleryDeps {
  media: MediaStore;
  settings: SettingsStore;
  /** Desktop only: shows a file in the system file manager. */
  showInFolder: ((path: string) => void) | null;
}

/** The first second's frame, or the very first for a clip shorter than that. */
const FRAME_AT_SECONDS = 1;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}

export function galleryHandlers(d: GalleryDeps): PartialHandlers {
  async function thumbnail(id: string): Promise<string | null> {
    const media = d.media.get(id);
    if (media.kind !== 'video') return null;
    const video = d.media.pathOf(id);
    const jpeg = `${video}.thumb.jpg`;
    if (!(await exists(jpeg))) {
      let tools: ReturnType<typeof locateMediaTools>;
      try {
        tools = locateMediaTools(d.settings.get<string | null>(FFMPEG_PATH_SETTING, null));
      } catch (e) {
        if (isAppError(e)) return null;
        throw e;
      }
      const at = media.durationSeconds !== null && media.durationSeconds <= FRAME_AT_SECONDS ? 0 : FRAME_AT_SECONDS;
      await grabFrame(tools, video, jpeg, at);
      // A clip shorter than its recorded duration yields no frame at 1 s: take the first one.
      if (!(await exists(jpeg))) await grabFrame(tools, video, jpeg, 0);
    }
    return `data:image/jpeg;base64,${(await readFile(jpeg)).toString('base64')}`;
  }
  const tools = () => {
    const ffmpegPath = d.settings.get<string | null>(FFMPEG_PATH_SETTING, null);
    const chunkMaxBytes = chunkBytes(d.settings.get<unknown>(CHUNK_BYTES_SETTING, undefined));
    try {
      return { ffmpegPath, found: locateMediaTools(ffmpegPath), problem: null, chunkMaxBytes };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { ffmpegPath, found: null, problem: e.message, chunkMaxBytes };
    }
  };
  return {
    'recordings.tools': () => tools(),
    'recordings.setTools': ({ ffmpegPath, chunkMaxBytes }) => {
      if (ffmpegPath !== undefined) {
        if (ffmpegPath !== null) locateMediaTools(ffmpegPath); // refuses a path that is not ffmpeg, before storing
        d.settings.set(FFMPEG_PATH_SETTING, ffmpegPath);
      }
      if (chunkMaxBytes !== undefined) d.settings.set(CHUNK_BYTES_SETTING, chunkMaxBytes);
      return tools();
    },
    'media.thumbnail': async ({ id }) => ({ dataUrl: await thumbnail(id) }),
    'media.reveal': ({ id }) => {
      const path = d.media.pathOf(id);
      if (!d.showInFolder) return { revealed: false };
      d.showInFolder(path);
      return { revealed: true };
    },
  };
}
