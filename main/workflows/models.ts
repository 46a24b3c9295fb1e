// The models a step may run on, with what the UI needs to choose between them: provider, a relative speed rank,
// and the vendor's announced retirement / shutdown dates. A step asks for one (or gets the user's default, else
// the app's); a model past its shutdown date is refused before anything is sent.
import { AppError } from '../core/errors';
import type { ProviderId } from '../gateway/types';

/** The research "model" that runs the step on Exa instead of Perplexity. */
export const EXA_RESEARCH_MODEL = 'exa/search';

export type StepFamily = 'writer' | 'research' | 'transcription' | 'tts' | 'render';

export interface StepModel {
  family: StepFamily;
  provider: ProviderId;
  model: string;
  label: string;
  /** 1 = fastest in its family (vendor-published latency class; measured p50 would refine it). */
  speedRank: number;
  /** The vendor said it will retire (ISO date); still usable until `shutdownAt`. */
  retiresAt: string | null;
  /** After this date the vendor rejects it: the app refuses it (ISO date). */
  shutdownAt: string | null;
}

const m = (
  family: StepFamily,
  provider: ProviderId,
  model: string,
  label: string,
  speedRank: number,
  dates: { retiresAt?: string; shutdownAt?: string } = {},
): StepModel => ({
  family,
  provider,
  model,
  label,
  speedRank,
  retiresAt: dates.retiresAt ?? null,
  shutdownAt: dates.shutdownAt ?? null,
});

/**
 * Dates only where a source gives one: Perplexity Sonar Chat Completions retired 2026-09-27
 * (shared/research/providers-llm.md §1). OpenAI's model list carries `shutdown_date`: read live (model-dates.ts)
 * and merged in by modelsFor.
 */
export const STEP_MODELS: readonly StepModel[] = [
  m('writer', 'openai', 'gpt-4.1-mini', 'GPT-4.1 mini', 2),
  m('writer', 'openai', 'gpt-4.1-nano', 'GPT-4.1 nano', 1),
  m('writer', 'openai', 'gpt-4.1', 'GPT-4.1', 3),
  m('writer', 'anthropic', 'claude-sonnet-4-5', 'Claude Sonnet 4.5', 3),
  m('writer', 'anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 1),
  m('research', 'perplexity', 'perplexity/sonar', 'Perplexity Agent (sonar)', 1),
  m('research', 'perplexity', 'sonar', 'Sonar chat (legacy)', 1, { retiresAt: '2026-09-27', shutdownAt: '2026-09-27' }),
  // Not a model: Exa's search + contents (and findSimilar on the piece's URL) as the research source.
  m('research', 'exa', EXA_RESEARCH_MODEL, 'Exa search (pages you can open)', 1),
  m('transcription', 'openai', 'gpt-4o-mini-transcribe', 'GPT-4o mini transcribe', 1),
  m('transcription', 'openai', 'gpt-4o-transcribe', 'GPT-4o transcribe', 2),
  m('transcription', 'openai', 'whisper-1', 'Whisper', 2),
  m('tts', 'elevenlabs', 'eleven_multilingual_v2', 'Multilingual v2', 2),
  m('tts', 'elevenlabs', 'eleven_flash_v2_5', 'Flash v2.5 (half the credits)', 1),
  m('tts', 'elevenlabs', 'eleven_v3', 'Eleven v3', 3),
];

/** Which family each step's model comes from. */
export const STEP_FAMILY = {
  'workflow.analyse': 'writer',
  'workflow.rewrite': 'writer',
  'workflow.generate': 'writer',
  'workflow.research': 'research',
  'workflow.transcribe': 'transcription',
  'workflow.speak': 'tts',
} as const;
export type ModelStep = keyof typeof STEP_FAMILY;

/** The app's default per step (transcription: gpt-4o-mini-transcribe, half whisper-1's price). */
export const APP_DEFAULT_MODEL: Record<ModelStep, string> = {
  'workflow.analyse': 'gpt-4.1-mini',
  'workflow.rewrite': 'gpt-4.1-mini',
  'workflow.generate': 'claude-sonnet-4-5',
  'workflow.research': 'perplexity/sonar',
  'workflow.transcribe': 'gpt-4o-mini-transcribe',
  'workflow.speak': 'eleven_multilingual_v2',
};

/** The settings key holding the user's default model for a step. */
export const defaultModelSetting = (step: ModelStep) => `workflows.model.${step}`;

/** Model id -> shutdown date read from the vendor's own list (OpenAI's models endpoint). */
export type LiveDates = Readonly<Record<string, string>>;

/** The step's models, OpenAI's carrying the shutdown date its models list gives (that list wins over ours). */
export const modelsFor = (step: ModelStep, live: LiveDates = {}): StepModel[] =>
  STEP_MODELS.filter((x) => x.family === STEP_FAMILY[step]).map((x) => {
    const date = x.provider === 'openai' ? live[x.model] : undefined;
    return date ? { ...x, retiresAt: x.retiresAt ?? date, shutdownAt: date } : x;
  });

/** Whether the vendor has shut the model down by `now`. */
export const isShutDown = (x: StepModel, now: Date) =>
  x.shutdownAt !== null && Date.parse(`${x.shutdownAt}T00:00:00Z`) <= now.getTime();

/** The model a step runs on: the one asked for, else the user's default, else the app's; refused when shut down. */
export function resolveStepModel(
  step: ModelStep,
  asked: string | undefined,
  userDefault: string | undefined,
  now: Date,
  live: LiveDates = {},
): StepModel {
  const id = asked ?? userDefault ?? APP_DEFAULT_MODEL[step];
  const found = modelsFor(step, live).find((x) => x.model === id);
  if (!found) throw new AppError('invalid_input', `${id} is not a model this step can use`);
  if (isShutDown(found, now))
    throw new AppError(
      'invalid_input',
      `${found.label} (${found.model}) was shut down by ${found.provider} on ${found.shutdownAt}; choose another model`,
    );
  return found;
}

/** The other writer the fallback chain tries when the chosen one fails: the other vendor's default. */
export function fallbackWriter(chosen: StepModel): StepModel {
  const other = chosen.provider === 'openai' ? 'claude-sonnet-4-5' : 'gpt-4.1-mini';
  return STEP_MODELS.find((x) => x.model === other) as StepModel;
}
