// Integrations screen end to end: keys added through the UI are checked against a provider fake over
// real HTTP, shown masked, and the secret (a canary) never reaches the page, the IPC answers or the database.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElevenLabsFake, type ElevenLabsFake } from '../../main/providers/elevenlabs/fake';
import { startE2E, type E2E } from '../helpers/browser';

const CANARY = `canary${randomBytes(16).toString('hex')}`;
let e2e: E2E;
let fake: ElevenLabsFake;
const apiBodies: string[] = [];

beforeAll(async () => {
  fake = await startElevenLabsFake({ apiKey: CANARY });
  e2e = await startE2E();
  e2e.page.on('response', async (r) => {
    if (r.url().includes('/api/')) apiBodies.push(await r.text().catch(() => ''));
  });
  await e2e.page.getByRole('button', { name: 'Integrations', exact: true }).click();
});
afterAll(async () => {
  await e2e?.close();
  await fake?.close();
});

const card = () => e2e.page.getByTestId('provider-card-elevenlabs');

describe('Integrations screen (web mode, Chromium)', () => {
  it('points ElevenLabs at the fake through the base URL field', async () => {
    await card().getByTestId('base-url-input').fill(fake.url);
    await card().getByTestId('base-url-save').click();
    await expect
      .poll(() => card().getByTestId('base-url-effective').textContent(), { timeout: 10_000 })
      .toContain(fake.url);
  });

  it("refuses a bad key with the provider's reason and stores nothing", async () => {
    await card().getByTestId('add-key').click();
    await card().getByTestId('field-api-key').fill('0123456789abcdef0123456789abcdef');
    await card().getByTestId('add-key-submit').click();
    await expect
      .poll(() => card().getByTestId('provider-error').textContent(), { timeout: 10_000 })
      .toMatch(/rejected this key/i);
    expect(await card().getByTestId('key-count').textContent()).toBe('No key');
  });

  it('adds a good key: healthy, masked to its last 4 characters', async () => {
    await card().getByTestId('field-api-key').fill(CANARY);
    await card().getByTestId('add-key-submit').click();
    const row = card().locator('[data-testid^="key-row-"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('masked-suffix').textContent()).toBe(`••••${CANARY.slice(-4)}`);
    await expect
      .poll(() => row.getByTestId('key-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('healthy');
    expect(fake.requests.some((r) => r.path.startsWith('/v1/user'))).toBe(true);
    await e2e.screenshot('integrations');
  });

  it('keeps the canary out of the DOM, every IPC answer and the database files', async () => {
    for (const page of ['Dashboard', 'Workflows', 'Budgets', 'Jobs', 'Settings', 'Integrations']) {
      await e2e.page.getByRole('button', { name: page, exact: true }).click();
      await e2e.page.waitForTimeout(150);
      expect(await e2e.page.content()).not.toContain(CANARY);
    }
    expect(apiBodies.length).toBeGreaterThan(5);
    expect(apiBodies.filter((b) => b.includes(CANARY))).toEqual([]);
    for (const suffix of ['', '-wal', '-shm']) {
      const file = `${e2e.app.dbPath}${suffix}`;
      if (existsSync(file)) expect(readFileSync(file).includes(CANARY)).toBe(false);
    }
    // The key did go somewhere: main can still read it back for calls.
    const credential = await e2e.app.integrations.getCredential({ provider: 'elevenlabs' });
    expect(credential.secret).toBe(CANARY);
    expect(e2e.problems.filter((p) => !p.includes('401'))).toEqual([]);
  });
});
