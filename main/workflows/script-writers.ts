// The two script writers every script step can use, OpenAI (Chat Completions) and Claude (Messages), as
// fallback steps over the same system prompt and user prompt; each answer is marked demo when a fake served it.
import type { FallbackStep } from '../gateway/fallback';
import { createMessage } from '../providers/anthropic/client';
import { createChatCompletion } from '../providers/openai/client';
import type { CallOptions } from '../providers/shared/call';
import { fallbackWriter, type StepModel } from './models';
import type { WorkflowDeps } from './deps';

export interface WriterPrompt {
  system: string;
  prompt: string;
  maxTokens: number;
}

export type ScriptWriter = FallbackStep<{ text: string; demo: boolean }>;

/** The model each vendor writes with (the step's chosen one, the other vendor's default as its fallback). */
export interface WriterModels {
  openai: string;
  anthropic: string;
}

export function scriptWriters(
  d: WorkflowDeps,
  p: WriterPrompt,
  call: CallOptions,
  models: WriterModels,
): { openai: ScriptWriter; anthropic: ScriptWriter } {
  return {
    openai: {
      provider: 'openai',
      run: async () => {
        const t = await d.providers.target('openai');
        const messages = [
          { role: 'system' as const, content: p.system },
          { role: 'user' as const, content: p.prompt },
        ];
        const r = await createChatCompletion(
          t.gateway,
          t.credential,
          { model: models.openai, messages, maxOutputTokens: p.maxTokens },
          call,
        );
        return { ...r, value: { text: r.value.text ?? '', demo: t.demo } };
      },
    },
    anthropic: {
      provider: 'anthropic',
      run: async () => {
        const t = await d.providers.target('anthropic');
        const r = await createMessage(
          t.gateway,
          t.credential,
          {
            model: models.anthropic,
            system: p.system,
            messages: [{ role: 'user', content: p.prompt }],
            maxTokens: p.maxTokens,
          },
          call,
        );
        return { ...r, value: { text: r.value.text, demo: t.demo } };
      },
    },
  };
}

/** The chosen writer first, then the other vendor's default. */
export function writerChain(chosen: StepModel): { first: 'openai' | 'anthropic'; models: WriterModels } {
  const other = fallbackWriter(chosen);
  const first = chosen.provider === 'anthropic' ? 'anthropic' : 'openai';
  return {
    first,
    models:
      first === 'openai'
        ? { openai: chosen.model, anthropic: other.model }
        : { anthropic: chosen.model, openai: other.model },
  };
}
