// The real app over a temp data folder with demo mode pointed at provider fakes the test holds, so faults can
// be injected and requests counted. The fakes outlive an app restart (the app's close leaves them running).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Job } from '../../../preload/contract/jobs';
import type { WorkflowRequest } from '../../../preload/contract/workflows';
import { createApp, type AppServices } from '../../../main/app';
import { silentLogger } from '../../../main/core/logger';
import { startAnthropicFake, type AnthropicFake } from '../../../main/providers/anthropic/fake';
import { ELEVENLABS_FAKE_KEY, startElevenLabsFake, type ElevenLabsFake } from '../../../main/providers/elevenlabs/fake';
import { EXA_FAKE_KEY, startExaFake, type ExaFake } from '../../../main/providers/exa/fake';
import { HEYGEN_FAKE_KEY, startHeyGenFake, type HeyGenFake } from '../../../main/providers/heygen/fake';
import { startOpenAIFake, type OpenAIFake } from '../../../main/providers/openai/fake';
import { startPerplexityFake, type PerplexityFake } from '../../../main/providers/perplexity/fake';
import type { DemoProviders } from '../../../main/providers/registry';

export interface Fakes {
  openai: OpenAIFake;
  anthropic: AnthropicFake;
  perplexity: PerplexityFake;
  elevenlabs: ElevenLabsFake;
  heygen: HeyGenFake;
  exa: ExaFake;
  demo: DemoProviders;
  close(): Promise<void>;
}

export async function startFakes(opts: { heygenReadsToComplete?: number } = {}): Promise<Fakes> {
  const [openai, anthropic, perplexity, elevenlabs, heygen, exa] = await Promise.all([
    startOpenAIFake(),
    startAnthropicFake(),
    startPerplexityFake(),
    startElevenLabsFake(),
    startHeyGenFake({ readsToComplete: opts.heygenReadsToComplete ?? 3 }),
    startExaFake(),
  ]);
  const urls: Record<string, string> = {
    openai: openai.baseUrl,
    anthropic: anthropic.baseUrl,
    perplexity: perplexity.baseUrl,
    elevenlabs: elevenlabs.url,
    heygen: heygen.url,
    'heygen:upload': heygen.upload.url,
    exa: exa.url,
  };
  const demo: DemoProviders = {
    baseUrl: (provider, key) => urls[key ? `${provider}:${key}` : provider] ?? null,
    credential: (provider) => ({
      secret:
        provider === 'elevenlabs'
          ? ELEVENLABS_FAKE_KEY
          : provider === 'heygen'
            ? HEYGEN_FAKE_KEY
            : provider === 'exa'
              ? EXA_FAKE_KEY
              : 'demo-key',
    }),
    // The test closes the fakes itself, after every app using them.
    close: async () => {},
  };
  return {
    openai,
    anthropic,
    perplexity,
    elevenlabs,
    heygen,
    exa,
    demo,
    async close() {
      await Promise.all([openai, anthropic, perplexity, elevenlabs, heygen.upload, heygen, exa].map((f) => f.close()));
    },
  };
}

export function openApp(dataDir: string, fakes: Fakes, opts: { pollIntervalMs?: number } = {}): AppServices {
  return createApp({
    dataDir,
    mode: 'web',
    demo: true,
    logger: silentLogger,
    isTrustedSender: () => true,
    healthCheckIntervalMs: 0,
    workflows: {
      render: { pollIntervalMs: 60_000, demoPollIntervalMs: opts.pollIntervalMs ?? 20, maxStatusReads: 50 },
    },
    demoProviders: fakes.demo,
  });
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'aicon-wf-'));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

export function writeFixture(dir: string, name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Starts a step over IPC-shaped input and waits for its job to settle. */
export async function runStep(app: AppServices, input: WorkflowRequest): Promise<Job> {
  const { jobId } = await start(app, input);
  return app.jobs.whenSettled(jobId);
}

export const start = (app: AppServices, input: WorkflowRequest) => app.router.call('workflows.start', input);

export interface WorkflowEnv {
  readonly app: AppServices;
  readonly fakes: Fakes;
  readonly dir: string;
}

/** The app on fresh provider fakes for the enclosing file or describe block: opened before its tests, closed after. */
export function useWorkflowApp(): WorkflowEnv {
  const env = {} as { app: AppServices; fakes: Fakes; dir: string };
  beforeAll(async () => {
    env.fakes = await startFakes();
    env.dir = tempDir();
    env.app = openApp(env.dir, env.fakes);
  });
  afterAll(async () => {
    await env.app?.close();
    await env.fakes?.close();
    if (env.dir) removeDir(env.dir);
  });
  return env;
}
