import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_RULES } from '../../../preload/contract/files';
import { intakeErrorFromFs } from '../../../main/files/errors';
import { displayName, inspectFile } from '../../../main/files/inspect';
import { PNG, wavBytes } from './fixtures';

let dir: string;
const at = (name: string) => join(dir, name);
const refusal = (reason: string, message?: RegExp) =>
  expect.objectContaining({
    code: reason === 'missing' ? 'not_found' : 'invalid_input',
    details: expect.objectContaining({ reason }),
    ...(message ? { message: expect.stringMatching(message) } : {}),
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aicon-intake-'));
  writeFileSync(at('tone.wav'), wavBytes());
  writeFileSync(at('face.png'), PNG);
  writeFileSync(at('notes.txt'), 'just some text, not audio\n'.repeat(20));
  writeFileSync(at('empty.wav'), '');
  mkdirSync(at('folder.wav'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file intake checks', () => {
  it('accepts real media and reports the sniffed type, not the name', async () => {
    await expect(inspectFile(at('tone.wav'), 'voice_sample')).resolves.toMatchObject({
      realPath: at('tone.wav'),
      size: wavBytes().length,
      ext: 'wav',
      mime: 'audio/wav',
      kind: 'audio',
    });
    await expect(inspectFile(at('face.png'), 'avatar_photo')).resolves.toMatchObject({
      ext: 'png',
      mime: 'image/png',
      kind: 'image',
    });
  });

  it('never trusts the extension: a WAV named .png and a PNG named .wav are refused', async () => {
    writeFileSync(at('disguised.png'), wavBytes());
    writeFileSync(at('disguised.wav'), PNG);
    await expect(inspectFile(at('disguised.png'), 'avatar_photo')).rejects.toEqual(
      refusal(
        'wrong_type',
        /"disguised.png" is WAV \(audio\/wav\), which is not accepted here\. Avatar photo: png, jpg/,
      ),
    );
    await expect(inspectFile(at('disguised.wav'), 'voice_sample')).rejects.toEqual(
      refusal('wrong_type', /is PNG \(image\/png\)/),
    );
    await expect(inspectFile(at('notes.txt'), 'transcription')).rejects.toEqual(
      refusal('wrong_type', /not a recognised media file/),
    );
  });

  it('refuses files over the purpose limit and accepts one exactly at it', async () => {
    const limit = INTAKE_RULES.voice_sample.maxBytes;
    writeFileSync(at('big.wav'), wavBytes());
    truncateSync(at('big.wav'), limit + 1); // sparse: cheap on disk
    await expect(inspectFile(at('big.wav'), 'voice_sample')).rejects.toEqual(
      expect.objectContaining({
        details: { reason: 'too_large', size: limit + 1, maxBytes: limit },
        message: expect.stringMatching(/over the 10 MB limit/),
      }),
    );
    truncateSync(at('big.wav'), limit);
    await expect(inspectFile(at('big.wav'), 'voice_sample')).resolves.toMatchObject({ size: limit });
    truncateSync(at('big.wav'), INTAKE_RULES.transcription.maxBytes + 1);
    await expect(inspectFile(at('big.wav'), 'transcription')).rejects.toEqual(
      refusal('too_large', /is 2147\.5 MB, over the 2 GiB limit \(audio or video to transcribe\)/),
    );
  });

  it('refuses empty files, folders, FIFOs, devices and sockets with their own reasons', async () => {
    await expect(inspectFile(at('empty.wav'), 'voice_sample')).rejects.toEqual(
      refusal('empty', /is empty \(0 bytes\)/),
    );
    await expect(inspectFile(at('folder.wav'), 'voice_sample')).rejects.toEqual(
      refusal('directory', /is a folder, not a file/),
    );
    execFileSync('mkfifo', [at('pipe.wav')]);
    await expect(inspectFile(at('pipe.wav'), 'voice_sample')).rejects.toEqual(refusal('fifo', /named pipe \(FIFO\)/));
    await expect(inspectFile('/dev/null', 'voice_sample')).rejects.toEqual(refusal('device'));
    const server: Server = createServer();
    await new Promise<void>((ok) => server.listen(at('sock.wav'), ok));
    try {
      await expect(inspectFile(at('sock.wav'), 'voice_sample')).rejects.toEqual(refusal('socket'));
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('follows a symlink and checks (and records) its target', async () => {
    symlinkSync(at('tone.wav'), at('link.wav'));
    await expect(inspectFile(at('link.wav'), 'voice_sample')).resolves.toMatchObject({
      realPath: at('tone.wav'),
      kind: 'audio',
    });
    symlinkSync(at('folder.wav'), at('link-to-folder.wav'));
    await expect(inspectFile(at('link-to-folder.wav'), 'voice_sample')).rejects.toEqual(refusal('directory'));
    symlinkSync(at('gone.wav'), at('dangling.wav'));
    await expect(inspectFile(at('dangling.wav'), 'voice_sample')).rejects.toEqual(refusal('missing'));
  });

  it('refuses missing files and relative paths', async () => {
    await expect(inspectFile(at('nothing-here.wav'), 'voice_sample')).rejects.toEqual(
      refusal('missing', /no longer exists/),
    );
    await expect(inspectFile('tone.wav', 'voice_sample')).rejects.toEqual(refusal('not_absolute'));
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    writeFileSync(at('locked.wav'), wavBytes());
    chmodSync(at('locked.wav'), 0o000);
    await expect(inspectFile(at('locked.wav'), 'voice_sample')).rejects.toEqual(
      refusal('unreadable', /permission denied/),
    );
  });

  it('maps permission errors to "unreadable" (root reads everything, so this is also checked directly)', () => {
    expect(intakeErrorFromFs(Object.assign(new Error('x'), { code: 'EACCES' }), 'a.wav')).toMatchObject({
      reason: 'unreadable',
      message: '"a.wav" cannot be read: permission denied',
    });
    expect(intakeErrorFromFs(Object.assign(new Error('x'), { code: 'EPERM' }), 'a.wav').reason).toBe('unreadable');
    const odd = Object.assign(new Error('disk on fire'), { code: 'EIO' });
    expect(() => intakeErrorFromFs(odd, 'a.wav')).toThrow('disk on fire');
  });

  it('keeps display names to a safe base name', () => {
    expect(displayName('/home/me/Music/take 1.wav')).toBe('take 1.wav');
    expect(displayName('C:\\Users\\me\\voice.mp3')).toBe('voice.mp3');
    expect(displayName('bad\u0000name\n.wav')).toBe('badname.wav');
    expect(displayName('')).toBe('file');
    expect(displayName('x'.repeat(300))).toHaveLength(255);
  });
});
