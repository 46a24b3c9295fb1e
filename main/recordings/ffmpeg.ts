// The system's ffmpeg/ffprobe, run as child processes: the app never decodes media itself, so a 2 GB recording
// costs the app a pipe's worth of memory. Found at the path in Settings, else on PATH; missing gives a typed
// error that says how to install it.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../core/errors';

const run = promisify(execFile);

/** Settings key: an explicit path to ffmpeg (ffprobe is expected next to it). */
export const FFMPEG_PATH_SETTING = 'media.ffmpegPath';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export const FFMPEG_INSTALL_HINT =
  'Install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set its path in Settings → Long recordings';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

function onPath(name: string, pathVar: string): string | null {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe(name));
    if (executable(candidate)) return candidate;
  }
  return null;
}

/**
 * ffmpeg and ffprobe: the configured ffmpeg (with ffprobe beside it), else both from PATH.
 * Throws `unavailable` with details.reason = 'ffmpeg_missing' when either cannot be found.
 */
export function locateMediaTools(configured: string | null | undefined, pathVar = process.env.PATH ?? ''): MediaTools {
  if (configured) {
    // Only a program named ffmpeg, by absolute path: a setting must not be a way to run any program.
    if (!isAbsolute(configured) || basename(configured) !== exe('ffmpeg'))
      throw new AppError(
        'invalid_input',
        `The ffmpeg setting must be the absolute path of a file named ${exe('ffmpeg')}`,
        {
          reason: 'ffmpeg_path',
          configured,
        },
      );
    const ffprobe = join(configured, '..', exe('ffprobe'));
    if (executable(configured) && executable(ffprobe)) return { ffmpeg: configured, ffprobe };
    throw new AppError(
      'unavailable',
      `ffmpeg was not found at ${configured} (with ffprobe beside it), which long recordings need. ${FFMPEG_INSTALL_HINT}`,
      { reason: 'ffmpeg_missing', configured },
    );
  }
  const ffmpeg = onPath('ffmpeg', pathVar);
  const ffprobe = onPath('ffprobe', pathVar);
  if (ffmpeg && ffprobe) return { ffmpeg, ffprobe };
  throw new AppError(
    'unavailable',
    `ffmpeg${ffmpeg ? "'s ffprobe" : ''} is not installed, and videos and long recordings need it to extract their audio. ${FFMPEG_INSTALL_HINT}`,
    { reason: 'ffmpeg_missing' },
  );
}

export interface ProbedMedia {
  durationSeconds: number;
  hasAudio: boolean;
  hasVideo: boolean;
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: { codec_type?: string; duration?: string }[];
}

/** Duration and streams by ffprobe; a file ffprobe cannot read, or one without sound, is refused by name. */
export async function probeMedia(tools: MediaTools, path: string, name: string): Promise<ProbedMedia> {
  let out: string;
  try {
    ({ stdout: out } = await run(
      tools.ffprobe,
      ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,duration', '-of', 'json', path],
      { maxBuffer: 1024 * 1024 },
    ));
  } catch (e) {
    throw new AppError('invalid_input', `"${name}" is not a media file ffmpeg can read`, {
      reason: 'not_media',
      detail: String((e as { stderr?: string }).stderr ?? e).slice(0, 300),
    });
  }
  const json = JSON.parse(out) as ProbeJson;
  const streams = json.streams ?? [];
  const hasAudio = streams.some((s) => s.codec_type === 'audio');
  const hasVideo = streams.some((s) => s.codec_type === 'video');
  const duration = Number(json.format?.duration ?? streams.find((s) => s.codec_type === 'audio')?.duration);
  if (!hasAudio) {
    throw new AppError('invalid_input', `"${name}" has no sound track to transcribe`, { reason: 'no_audio' });
  }
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new AppError('invalid_input', `The length of "${name}" could not be read`, { reason: 'not_media' });
  }
  return { durationSeconds: duration, hasAudio, hasVideo };
}

/** The compact format chunks are cut to: 16 kHz mono MP3 at a constant 32 kbit/s (4,000 bytes a second). */
export const CHUNK_AUDIO = { ext: 'mp3', bytesPerSecond: 4_000 } as const;

/** Cuts [startSeconds, startSeconds + seconds) of the input's first sound track into `out` as compact MP3. */
export async function extractAudioChunk(
  tools: MediaTools,
  input: string,
  range: { startSeconds: number; seconds: number },
  out: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await run(
      tools.ffmpeg,
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-ss',
        range.startSeconds.toFixed(3),
        '-t',
        range.seconds.toFixed(3),
        '-i',
        input,
        '-map',
        '0:a:0',
        '-vn',
        '-ac',
        '1',
        '-ar',
        '16000',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '32k',
        '-f',
        'mp3',
        out,
      ],
      { maxBuffer: 1024 * 1024, ...(signal ? { signal } : {}) },
    );
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw new AppError('invalid_input', 'ffmpeg could not extract the audio of this recording', {
      reason: 'extract_failed',
      detail: String((e as { stderr?: string }).stderr ?? e).slice(0, 300),
    });
  }
}

/** One frame of a video as a small JPEG (the gallery's thumbnail). */
export async function grabFrame(tools: MediaTools, input: string, out: string, atSeconds: number): Promise<void> {
  try {
    await run(
      tools.ffmpeg,
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-ss',
        atSeconds.toFixed(3),
        '-i',
        input,
        '-frames:v',
        '1',
        '-vf',
        'scale=320:-2',
        '-f',
        'image2',
        '-c:v',
        'mjpeg',
        out,
      ],
      { maxBuffer: 1024 * 1024 },
    );
  } catch (e) {
    throw new AppError('invalid_input', 'ffmpeg could not take a frame from this video', {
      reason: 'thumbnail_failed',
      detail: String((e as { stderr?: string }).stderr ?? e).slice(0, 300),
    });
  }
}
