// The most an audio transcription can bill, from the audio's duration, for the budget reservation only (the
// ledger is priced from the usage the answer reports). Priced by the gateway's pricer, so user overrides apply.
import type { Units } from '../../gateway/types';
import { promptTokenBound } from '../shared/units';

/**
 * Audio input tokens per second. Reconstructed: OpenAI quotes about $0.006 a minute for gpt-4o-transcribe at $6 per
 * million audio tokens (and $0.003 at $3/M for mini), i.e. about 1,000 audio tokens a minute (~17 a second); the
 * Realtime docs give 10 a second for gpt-4o audio input. Bounded at 20 a second.
 */
export const AUDIO_TOKENS_PER_SECOND_BOUND = 20;
/**
 * Output (transcript) tokens per second of audio. Reconstructed: very fast speech is ~4-5 words a second, about
 * 6-7 English tokens; 20 leaves room for languages that take several tokens a word. A fixed allowance covers
 * punctuation and clips of a second or two.
 */
export const OUTPUT_TOKENS_PER_SECOND_BOUND = 20;
const OUTPUT_TOKENS_ALLOWANCE = 64;

/**
 * whisper-1 bills whole seconds; the gpt-4o transcribe models bill audio input, prompt text and transcript
 * tokens. Without a duration nothing bounds the call (unknown cost: refused under a hard budget without a cap).
 */
export function transcriptionWorstUnits(model: string, seconds: number | undefined, prompt?: string): Units | null {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const whole = Math.max(1, Math.ceil(seconds));
  if (model === 'whisper-1') return { seconds: whole };
  return {
    audio_input_tokens: Math.ceil(whole * AUDIO_TOKENS_PER_SECOND_BOUND),
    ...(prompt ? { input_tokens: promptTokenBound([prompt]) } : {}),
    output_tokens: whole * OUTPUT_TOKENS_PER_SECOND_BOUND + OUTPUT_TOKENS_ALLOWANCE,
  };
}
