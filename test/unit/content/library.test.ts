import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../preload/contract/content';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(() => app.dispose());

const web = { kind: 'web', authenticated: true } as const;
/** The raw IPC path (validation + typed error envelope), as the renderer sees it. */
const call = (channel: string, input: unknown) => app.router.dispatch(web, channel, input);

const analysis: Analysis = {
  hook: 'You are doing mornings wrong',
  body: 'Three habits, one per scene',
  cta: 'Follow for part two',
  style: 'fast cuts, direct address',
  hashtags: ['#morning', '#habits'],
  mentions: ['@coach'],
  engagementScore: 72,
  trendingElements: ['day-in-the-life'],
};

describe('content pieces', () => {
  it('runs on an SQLite built with FTS5', () => {
    const options = app.db
      .prepare<[], { compile_options: string }>('SELECT compile_options FROM pragma_compile_options')
      .all();
    expect(options.map((o) => o.compile_options)).toContain('ENABLE_FTS5');
  });

  it('creates, reads, updates and deletes a piece made by hand', async () => {
    const piece = await app.router.call('content.create', {
      title: '  Morning routine  ',
      platform: 'tiktok',
      url: 'https://www.tiktok.com/@me/video/1',
      tags: ['habits', 'Habits', 'morning'],
    });
    expect(piece).toMatchObject({
      title: 'Morning routine',
      platform: 'tiktok',
      description: '',
      transcript: '',
      tags: ['habits', 'morning'],
      demo: false,
      sourceFileId: null,
    });
    const updated = await app.router.call('content.update', {
      id: piece.id,
      patch: { transcript: 'Wake up. Drink water.', url: null },
    });
    expect(updated).toMatchObject({ transcript: 'Wake up. Drink water.', url: null, title: 'Morning routine' });
    expect(await app.router.call('content.get', { id: piece.id })).toEqual(updated);
    expect(await app.router.call('content.delete', { id: piece.id })).toEqual({ deleted: true });
    expect(await call('content.get', { id: piece.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('validates input: no unknown keys, http(s) URLs only, a registered source file', async () => {
    expect(await call('content.create', { title: 'x', owner: 'me' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/owner/) },
    });
    expect(await call('content.create', { title: 'x', url: 'javascript:alert(1)' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/http\(s\) URL/) },
    });
    expect(await call('content.create', { title: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('content.create', { title: 'x', sourceFileId: 'no-such-file' })).toMatchObject({
      ok: false,
      error: { message: 'No registered file with id no-such-file' },
    });
  });

  it('searches title, description, transcript and tags by word prefix, with filters and a total', async () => {
    const make = (title: string, extra: Record<string, unknown> = {}) =>
      app.router.call('content.create', { title, ...extra });
    const cafe = await make('Café tour in Lisbon', { platform: 'youtube', tags: ['Travel'] });
    const podcast = await make('Episode 12', {
      platform: 'podcast',
      transcript: 'we talk about video editing workflows',
    });
    const short = await make('Editing in 60 seconds', { platform: 'tiktok', description: 'quick cuts' });
    const list = (input: Record<string, unknown>) =>
      app.router.call('content.list', input).then((r) => ({ ids: r.items.map((i) => i.id), total: r.total }));

    expect((await list({})).ids).toEqual([short.id, podcast.id, cafe.id]);
    expect(await list({ query: 'edit' })).toMatchObject({ total: 2 });
    expect((await list({ query: 'edit' })).ids.sort()).toEqual([podcast.id, short.id].sort());
    expect((await list({ query: 'cafe' })).ids).toEqual([cafe.id]); // diacritics folded
    expect((await list({ query: 'video workflows' })).ids).toEqual([podcast.id]);
    expect((await list({ query: 'travel' })).ids).toEqual([cafe.id]);
    expect((await list({ query: 'edit', platform: 'tiktok' })).ids).toEqual([short.id]);
    expect((await list({ tag: 'TRAVEL' })).ids).toEqual([cafe.id]);
    expect((await list({ demo: true })).ids).toEqual([]);
    expect(await list({ limit: 1, offset: 1 })).toEqual({ ids: [podcast.id], total: 3 });
    // FTS syntax typed by a person is neutralised, never an error.
    expect((await list({ query: 'edit*"(' })).ids.sort()).toEqual([podcast.id, short.id].sort());
    expect((await list({ query: 'edit OR cafe' })).ids).toEqual([]); // OR is a word to find, not an operator
    expect((await list({ query: '***' })).total).toBe(3);

    await app.router.call('content.update', { id: cafe.id, patch: { title: 'Coffee walk' } });
    expect((await list({ query: 'cafe' })).ids).toEqual([]);
    expect((await list({ query: 'coffee' })).ids).toEqual([cafe.id]);
    await app.router.call('content.delete', { id: cafe.id });
    expect((await list({ query: 'coffee' })).ids).toEqual([]);
  });

  it('marks demo-mode pieces', async () => {
    const piece = app.content.pieces.create(
      {
        title: 'Demo piece',
        platform: 'other',
        url: null,
        description: '',
        transcript: '',
        tags: [],
        sourceFileId: null,
      },
      { demo: true },
    );
    expect(piece.demo).toBe(true);
    expect((await app.router.call('content.list', { demo: true })).items.map((i) => i.id)).toEqual([piece.id]);
  });
});

describe('analyses and research', () => {
  it('stores a schema-checked analysis with the provider that served it; refuses a malformed one', async () => {
    const piece = await app.router.call('content.create', { title: 'Piece' });
    const saved = app.content.analyses.save(
      piece.id,
      { ...analysis, extra: 'dropped' },
      { provider: 'anthropic', model: 'claude-sonnet-4-5', demo: false, jobId: null },
    );
    expect(saved).toMatchObject({ contentId: piece.id, provider: 'anthropic', model: 'claude-sonnet-4-5', analysis });
    expect(saved.analysis).not.toHaveProperty('extra');
    expect(() =>
      app.content.analyses.save(
        piece.id,
        { ...analysis, engagementScore: 140 },
        { provider: 'openai', model: null, demo: false, jobId: null },
      ),
    ).toThrow(/Analysis does not match its schema: engagementScore/);
    expect(() =>
      app.content.analyses.save(
        piece.id,
        { hook: 'only a hook' },
        { provider: 'openai', model: null, demo: false, jobId: null },
      ),
    ).toThrow(/body/);
    expect(() =>
      app.content.analyses.save('nope', analysis, { provider: 'openai', model: null, demo: false, jobId: null }),
    ).toThrow(/No content piece/);
    expect((await app.router.call('analyses.list', { contentId: piece.id })).items.map((a) => a.id)).toEqual([
      saved.id,
    ]);
    expect(await app.router.call('analyses.get', { id: saved.id })).toEqual(saved);
    await app.router.call('content.delete', { id: piece.id });
    expect(await call('analyses.get', { id: saved.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps research perspectives with their citations; refuses non-http citations', async () => {
    const piece = await app.router.call('content.create', { title: 'Piece' });
    const perspectives = [
      {
        title: 'Skeptic',
        summary: 'Most routines fail by day 3',
        citations: [{ url: 'https://example.org/study', title: 'A study' }],
      },
      { title: 'Coach', summary: 'Start with one habit', citations: [] },
      {
        title: 'Scientist',
        summary: 'Light exposure matters',
        citations: [{ url: 'https://example.org/light', title: null }],
      },
    ];
    const saved = app.content.research.save(
      { contentId: piece.id, kind: 'perspectives', topic: 'morning routines', perspectives },
      { provider: 'perplexity', model: 'sonar-pro', demo: true, jobId: null },
    );
    expect(saved).toMatchObject({ kind: 'perspectives', perspectives, provider: 'perplexity', demo: true });
    expect(() =>
      app.content.research.save(
        {
          contentId: null,
          kind: 'trends',
          topic: 'fitness',
          perspectives: [{ title: 't', summary: 's', citations: [{ url: 'file:///etc/passwd', title: null }] }],
        },
        { provider: 'perplexity', model: null, demo: false, jobId: null },
      ),
    ).toThrow(/http\(s\) URL/);
    const trends = app.content.research.save(
      {
        contentId: null,
        kind: 'trends',
        topic: 'fitness',
        perspectives: [{ title: 'Rucking', summary: 'up', citations: [] }],
      },
      { provider: 'perplexity', model: null, demo: false, jobId: null },
    );
    expect((await app.router.call('research.list', { kind: 'trends' })).items.map((r) => r.id)).toEqual([trends.id]);
    expect((await app.router.call('research.list', { contentId: piece.id })).items.map((r) => r.id)).toEqual([
      saved.id,
    ]);
    expect(await app.router.call('research.delete', { id: trends.id })).toEqual({ deleted: true });
  });
});

describe('personas and scripts', () => {
  it('edits persona profiles', async () => {
    const p = await app.router.call('personas.create', {
      name: 'Calm coach',
      voice: 'warm, short sentences',
      dos: ['use numbers'],
      donts: ['no hype'],
    });
    expect(p).toMatchObject({ audience: '', dos: ['use numbers'], donts: ['no hype'], samplePosts: [] });
    const updated = await app.router.call('personas.update', {
      id: p.id,
      patch: { samplePosts: ['Day 1: one glass of water.'] },
    });
    expect(updated).toMatchObject({
      name: 'Calm coach',
      samplePosts: ['Day 1: one glass of water.'],
      createdAt: p.createdAt,
    });
    expect((await app.router.call('personas.list', {})).items).toHaveLength(1);
    expect(await call('personas.update', { id: p.id, patch: { dos: [''] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await app.router.call('personas.delete', { id: p.id })).toEqual({ deleted: true });
  });

  it('keeps every body change as a version and diffs any two', async () => {
    const piece = await app.router.call('content.create', { title: 'Piece' });
    const persona = await app.router.call('personas.create', { name: 'Me' });
    const s = await app.router.call('scripts.create', {
      title: 'Draft',
      body: 'Line one\nLine two\n',
      contentId: piece.id,
      personaId: persona.id,
    });
    expect(s).toMatchObject({ currentVersion: 1, body: 'Line one\nLine two\n' });
    const v2 = await app.router.call('scripts.update', { id: s.id, body: 'Line one\nLine 2\n', note: 'tighter' });
    expect(v2.currentVersion).toBe(2);
    expect((await app.router.call('scripts.update', { id: s.id, title: 'Final' })).currentVersion).toBe(2);
    expect((await app.router.call('scripts.update', { id: s.id, body: 'Line one\nLine 2\n' })).currentVersion).toBe(2);
    const rewritten = app.content.scripts.addVersion(s.id, {
      body: 'Line one\nLine 2\nLine three\n',
      origin: 'rewrite',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      demo: true,
    });
    expect(rewritten).toMatchObject({ currentVersion: 3, title: 'Final' });
    const { items } = await app.router.call('scripts.versions', { id: s.id });
    expect(items.map((v) => [v.version, v.origin, v.note, v.provider])).toEqual([
      [1, 'manual', null, null],
      [2, 'manual', 'tighter', null],
      [3, 'rewrite', null, 'anthropic'],
    ]);
    const diff = await app.router.call('scripts.diff', { id: s.id, from: 1, to: 3 });
    expect(diff).toMatchObject({ from: 1, to: 3, added: 2, removed: 1 });
    expect(diff.lines.map((l) => `${l.op}:${l.text}`)).toEqual([
      'equal:Line one',
      'remove:Line two',
      'add:Line 2',
      'add:Line three',
    ]);
    expect(await call('scripts.diff', { id: s.id, from: 1, to: 9 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/no version 9/) },
    });
    expect((await app.router.call('scripts.list', { contentId: piece.id })).items.map((x) => x.id)).toEqual([s.id]);
    expect(await call('scripts.create', { title: 'x', body: '', personaId: 'ghost' })).toMatchObject({
      ok: false,
      error: { message: 'No persona with id ghost' },
    });
    expect(await app.router.call('scripts.delete', { id: s.id })).toEqual({ deleted: true });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM script_versions').get()).toEqual({ n: 0 });
  });
});

describe('voice and avatar models, generated media', () => {
  it('registers existing provider voices and avatars, renames and deletes them', async () => {
    const voice = await app.router.call('voices.create', { name: 'My voice', remoteId: '21m00Tcm4TlvDq8ikWAM' });
    expect(voice).toMatchObject({
      provider: 'elevenlabs',
      status: 'ready',
      remoteId: '21m00Tcm4TlvDq8ikWAM',
      sampleFileIds: [],
      demo: false,
    });
    expect((await app.router.call('voices.update', { id: voice.id, name: 'Studio voice' })).name).toBe('Studio voice');
    const avatar = await app.router.call('avatars.create', { name: 'Desk', remoteId: 'tp_123' });
    expect(avatar).toMatchObject({ provider: 'heygen', photoFileIds: [] });
    const pending = app.content.avatars.create({ name: 'From photos', remoteId: null, status: 'pending' });
    expect(
      app.content.avatars.setStatus(pending.id, { status: 'failed', errorMessage: 'HeyGen: face not detected' }),
    ).toMatchObject({ status: 'failed', remoteId: null, errorMessage: 'HeyGen: face not detected' });
    expect((await app.router.call('avatars.list', {})).items).toHaveLength(2);
    expect(() =>
      app.content.voices.create({ name: 'x', remoteId: null, status: 'pending', fileIds: ['ghost'] }),
    ).toThrow(/No registered file/);
    expect(await app.router.call('voices.delete', { id: voice.id })).toEqual({ deleted: true });
    expect(await call('avatars.update', { id: 'ghost', name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('records media that lives in the data folder, and deletes the file with the record', async () => {
    const piece = await app.router.call('content.create', { title: 'Piece' });
    const bytes = Buffer.from('ID3 pretend audio');
    const path = join(app.content.media.directory(), 'tts-1.mp3');
    writeFileSync(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const media = app.content.media.create({
      kind: 'audio',
      mime: 'audio/mpeg',
      path,
      sha256,
      durationSeconds: 3.5,
      contentId: piece.id,
      provider: 'elevenlabs',
      demo: true,
    });
    expect(media).toMatchObject({
      fileName: 'tts-1.mp3',
      sizeBytes: bytes.length,
      sha256,
      durationSeconds: 3.5,
      demo: true,
    });
    expect(JSON.stringify(media)).not.toContain(app.dataDir);
    expect((await app.router.call('media.list', { contentId: piece.id })).items.map((m) => m.id)).toEqual([media.id]);
    const outside = join(app.dataDir, 'elsewhere.mp3');
    writeFileSync(outside, bytes);
    expect(() => app.content.media.create({ kind: 'audio', mime: 'audio/mpeg', path: outside, sha256 })).toThrow(
      /media\/ directory/,
    );
    expect(() =>
      app.content.media.create({
        kind: 'audio',
        mime: 'audio/mpeg',
        path: join(app.content.media.directory(), '..', 'elsewhere.mp3'),
        sha256,
      }),
    ).toThrow(/media\/ directory/);
    expect(() => app.content.media.create({ kind: 'audio', mime: 'audio/mpeg', path, sha256: 'abc' })).toThrow(
      /sha256/,
    );
    expect(await app.router.call('media.delete', { id: media.id })).toEqual({ deleted: true });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(outside)).toBe(true);
  });
});
