// The voice and avatar library: previews, the chosen entry the steps use, and delete on the provider too
// (ElevenLabs frees the slot; HeyGen v3 has no avatar delete, said so), with the row kept when the provider refuses.
import { describe, expect, it } from 'vitest';
import { pickReady } from '../../../preload/contract/library';
import { PNG, wavBytes } from '../files/fixtures';
import { runStep, useWorkflowApp, writeFixture } from './harness';

const env = useWorkflowApp();

async function cloneVoice(name: string) {
  const sample = await env.app.files.registerLocal(
    writeFixture(env.dir, `${name}.wav`, wavBytes(8_000)),
    'voice_sample',
  );
  const job = await runStep(env.app, { kind: 'workflow.voiceClone', name, fileIds: [sample.id] });
  expect(job.state, job.error?.message).toBe('succeeded');
  return { id: (job.output as { voiceModelId: string }).voiceModelId, sampleId: sample.id };
}

async function makeAvatar(name: string) {
  const photo = await env.app.files.registerLocal(writeFixture(env.dir, `${name}.png`, PNG), 'avatar_photo');
  const job = await runStep(env.app, { kind: 'workflow.avatar', name, fileId: photo.id });
  expect(job.state, job.error?.message).toBe('succeeded');
  return { id: (job.output as { avatarModelId: string }).avatarModelId, photoId: photo.id };
}

describe('voice and avatar library', () => {
  it('lists voices and avatars with previews and the voice slots; previews are served, other files are not', async () => {
    const voice = await cloneVoice('Studio');
    const avatar = await makeAvatar('Desk');
    const list = await env.app.router.call('library.list', { slots: true });
    expect(list.voices.find((v) => v.id === voice.id)).toMatchObject({ previewFileId: voice.sampleId, chosen: true });
    expect(list.avatars.find((a) => a.id === avatar.id)).toMatchObject({ previewFileId: avatar.photoId, chosen: true });
    expect(list.voiceSlots).toEqual({ used: 1 + env.fakes.elevenlabs.state.clones.length, limit: 10 });
    expect(env.app.mediaFile(voice.sampleId)).toMatchObject({ mime: expect.stringMatching(/^audio\//) });
    expect(env.app.mediaFile(avatar.photoId)).toMatchObject({ mime: 'image/png' });
    const stray = await env.app.files.registerLocal(writeFixture(env.dir, 'stray.wav', wavBytes(800)), 'transcription');
    expect(env.app.mediaFile(stray.id)).toBeNull();
  });

  it('the chosen voice wins over the newest ready one; only a ready one can be chosen', async () => {
    const older = await cloneVoice('Older');
    await cloneVoice('Newer');
    const voices = env.app.content.voices.list();
    expect(pickReady(voices, null)?.name).toBe('Newer');
    await env.app.router.call('library.choose', { kind: 'voice', id: older.id });
    const list = await env.app.router.call('library.list', { slots: true });
    expect(list.voices.filter((v) => v.chosen).map((v) => v.name)).toEqual(['Older']);
    const pending = env.app.content.voices.create({ name: 'Half', remoteId: null, status: 'pending' });
    await expect(env.app.router.call('library.choose', { kind: 'voice', id: pending.id })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('deletes a voice on ElevenLabs too (slot freed) only when confirmed, and forgets the choice', async () => {
    const voice = await cloneVoice('Gone');
    const remoteId = env.app.content.voices.get(voice.id).remoteId;
    await env.app.router.call('library.choose', { kind: 'voice', id: voice.id });
    const slotsBefore = (await env.app.router.call('library.list', { slots: true })).voiceSlots?.used ?? 0;
    await expect(env.app.router.call('library.delete', { kind: 'voice', id: voice.id } as never)).rejects.toMatchObject(
      { code: 'invalid_input' },
    );
    expect(env.fakes.elevenlabs.state.deleted).not.toContain(remoteId);

    const r = await env.app.router.call('library.delete', { kind: 'voice', id: voice.id, confirm: true });
    expect(r).toMatchObject({ deleted: true, remote: 'deleted' });
    expect(r.note).toContain('voice slot is free');
    expect(env.fakes.elevenlabs.state.deleted).toContain(remoteId);
    const after = await env.app.router.call('library.list', { slots: true });
    expect(after.voiceSlots?.used).toBe(slotsBefore - 1);
    expect(after.voices.some((v) => v.id === voice.id)).toBe(false);
    expect(env.app.settings.get('workflows.chosenVoice', 'unset')).toBeNull();
  });

  it('a voice already gone at ElevenLabs is removed here; a refusal keeps the row', async () => {
    const gone = env.app.content.voices.create({ name: 'Ghost', remoteId: 'not-at-elevenlabs', status: 'ready' });
    expect(await env.app.router.call('library.delete', { kind: 'voice', id: gone.id, confirm: true })).toMatchObject({
      deleted: true,
      remote: 'already_gone',
    });

    const kept = await cloneVoice('Kept');
    env.fakes.elevenlabs.inject(
      { type: 'status', status: 401, body: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } } },
      { method: 'DELETE' },
    );
    await expect(
      env.app.router.call('library.delete', { kind: 'voice', id: kept.id, confirm: true }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Invalid API key') });
    expect(env.app.content.voices.get(kept.id).name).toBe('Kept');
    // Forgetting it here only is an explicit choice.
    expect(
      await env.app.router.call('library.delete', { kind: 'voice', id: kept.id, confirm: true, localOnly: true }),
    ).toMatchObject({ deleted: true, remote: 'local_only' });
  });

  it('lists slot-holding voices only at ElevenLabs; adds one here or deletes it there', async () => {
    // "Kept" was forgotten here only (previous test): it still holds a slot at ElevenLabs. Premade and shared
    // voices (the recorded account's is_owner:false voice) hold none and are not listed.
    const list = await env.app.router.call('library.list', { slots: true });
    expect(list.remoteVoices).toEqual([{ remoteId: expect.any(String), name: 'Kept', category: 'cloned' }]);
    const kept = list.remoteVoices?.[0]?.remoteId ?? '';
    const slots = list.voiceSlots?.used ?? 0;
    const r = await env.app.router.call('library.deleteRemoteVoice', { remoteId: kept, confirm: true });
    expect(r).toMatchObject({ deleted: true, remote: 'deleted' });
    expect(env.fakes.elevenlabs.state.deleted).toContain(kept);
    const after = await env.app.router.call('library.list', { slots: true });
    expect(after.remoteVoices).toEqual([]);
    expect(after.voiceSlots?.used).toBe(slots - 1);

    // Another one forgotten here, then added back: it joins the library, and is deleted through it.
    const back = await cloneVoice('Back');
    const remoteId = env.app.content.voices.get(back.id).remoteId ?? '';
    await env.app.router.call('library.delete', { kind: 'voice', id: back.id, confirm: true, localOnly: true });
    expect((await env.app.router.call('library.list', { slots: true })).remoteVoices?.map((v) => v.name)).toEqual([
      'Back',
    ]);
    await env.app.router.call('voices.create', { name: 'Back', remoteId });
    expect((await env.app.router.call('library.list', { slots: true })).remoteVoices).toEqual([]);
    await expect(env.app.router.call('library.deleteRemoteVoice', { remoteId, confirm: true })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('an avatar is removed here and the note says HeyGen has no delete; nothing is sent to HeyGen', async () => {
    const avatar = await makeAvatar('Old look');
    const before = env.fakes.heygen.requests.length;
    const r = await env.app.router.call('library.delete', { kind: 'avatar', id: avatar.id, confirm: true });
    expect(r).toMatchObject({ deleted: true, remote: 'not_supported' });
    expect(r.note).toContain('app.heygen.com');
    expect(env.fakes.heygen.requests.slice(before).filter((q) => q.method === 'DELETE')).toHaveLength(0);
  });
});
