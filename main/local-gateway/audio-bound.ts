// The most audio an upload can hold, in seconds, for a transcription's worst case through the local gateway.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The audio's playing time from its demuxed packets: ffmpeg reads the container (`-c copy` into the null muxer,
 * nothing decoded) and reports how far the timestamps went. That is safe where a header or a bitrate guess is
 * not: a file whose header omits or misstates its length (a streamed WebM, a VBR MP3 without a Xing frame) and
 * audio far below any "minimum bitrate" (FLAC or Opus silence) are still measured by their packets. One second is
 * added for the last packet (its timestamp is its start) and rounding. Null when ffmpeg is missing or cannot read
 * the audio: the call's cost is then unknown.
 */
export async function audioSecondsBound(
  ffmpeg: string,
  file: string,
  start: number,
  end: number | null,
): Promise<number | null> {
  try {
    const { stdout } = await run(
      ffmpeg,
      [
        '-nostdin',
        '-v',
        'error',
        '-i',
        // Only the file part's bytes (end 0 = to the end of the file; the multipart tail is then trailing junk).
        `subfile,,start,${start},end,${end ?? 0},,:${file}`,
        '-map',
        '0:a:0',
        '-c',
        'copy',
        '-f',
        'null',
        '-progress',
        'pipe:1',
        '-nostats',
        '-',
      ],
      { maxBuffer: 4 * 1024 * 1024, timeout: 60_000 },
    );
    const times = [...stdout.matchAll(/^out_time_us=(\d+)$/gm)].map((m) => Number(m[1]));
    const last = times.at(-1);
    if (last === undefined || !Number.isFinite(last) || last <= 0) return null;
    return last / 1e6 + 1;
  } catch {
    return null;
  }
}
