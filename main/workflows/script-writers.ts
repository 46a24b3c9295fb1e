// The two script writers every script step can use, OpenAI (Chat Completions) and Claude (Messages), as
// fallback steps over the same system prompt and user prompt; each answer is marked demo when a fake served it.
import type { FallbackStep } from '../gateway/fallback';
import { createMessage } from '../providers/anthropic/client';
import { createChatCompletion } from '../providers/openai/client';
import type { CallOptions } from '../providers/shared/call';
import { WORKFLOW_MODELS, type WorkflowDeps } from './deps';

export interface WriterPrompt {
  system: string;
  prompt: string;
  maxTokens: number;
}

export type ScriptWriter = FallbackStep<{ text: string; demo: boolean }>;

export function scriptWriters(
  d: WorkflowDeps,
  p: WriterPrompt,
  call: CallOptions,
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
          { model: WORKFLOW_MODELS.openai, messages, maxOutputTokens: p.maxTokens },
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
            model: WORKFLOW_MODELS.anthropic,
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
