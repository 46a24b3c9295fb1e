// Cost before the click: each step's expected units (from the input's size) priced by the same pricing
// service the ledger uses, then checked against the budgets that would pay for it.
import type { WorkflowEstimate, WorkflowStart } from '../../preload/contract/workflows';
import type { BudgetStatus } from '../budgets/service';
import type { Pricer } from '../gateway/deps';
import type { ProviderId, Units } from '../gateway/types';
import { estimateTtsCredits } from '../providers/elevenlabs/usage';
import { heygenRenderModel } from '../providers/heygen/usage';
import { DEFAULT_AGENT_MODEL } from '../providers/perplexity/client';
import { measureAudioDurationSeconds } from '../providers/shared/audio-duration';
import { estimateTokens } from '../providers/shared/units';
import { analysisPrompt } from './analyse';
import { MAX_OUTPUT_TOKENS, WORKFLOW_MODELS, type WorkflowDeps } from './deps';
import { usableFile } from './files';
import { connectedContent, generatePrompt, GENERATE_SYSTEM } from './generate';
import { researchTopic } from './research';
import { DEFAULT_RESOLUTION, renderSecondsUpperBound } from './render';
import { rewritePrompt } from './rewrite';

/** What a step will bill: one line per provider call it makes. */
interface Charge {
  provider: ProviderId;
  model: string | null;
  units: Units;
  endpoint?: string;
}

interface Plan {
  /** The provider a budget check is scoped to (the first one tried). */
  provider: ProviderId;
  charges: Charge[];
  basis: string;
}

const SYSTEM_OVERHEAD_TOKENS = 200;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function planFor(d: WorkflowDeps, input: WorkflowStart): Promise<Plan> {
  switch (input.kind) {
    case 'workflow.analyse': {
      const tokens = estimateTokens(analysisPrompt(d.content.pieces.get(input.contentId))) + SYSTEM_OVERHEAD_TOKENS;
      return {
        provider: 'openai',
        charges: [
          {
            provider: 'openai',
            model: WORKFLOW_MODELS.openai,
            units: { input_tokens: tokens, output_tokens: MAX_OUTPUT_TOKENS.analyse },
          },
        ],
        basis: `≈${fmt(tokens)} input tokens + up to ${fmt(MAX_OUTPUT_TOKENS.analyse)} output (${WORKFLOW_MODELS.openai})`,
      };
    }
    case 'workflow.research': {
      const topic = researchTopic(d.content.pieces.get(input.contentId), input.focus, input.topic);
      const tokens = estimateTokens(topic) + SYSTEM_OVERHEAD_TOKENS;
      return {
        provider: 'perplexity',
        charges: [
          {
            provider: 'perplexity',
            model: DEFAULT_AGENT_MODEL,
            units: { input_tokens: tokens, output_tokens: MAX_OUTPUT_TOKENS.research },
          },
        ],
        basis: `≈${fmt(tokens)} input tokens + up to ${fmt(MAX_OUTPUT_TOKENS.research)} output (${DEFAULT_AGENT_MODEL}; search fees not included)`,
      };
    }
    case 'workflow.rewrite': {
      const piece = d.content.pieces.get(input.contentId);
      const script = input.scriptId
        ? d.content.scripts.get(input.scriptId)
        : d.content.scripts.list({ contentId: piece.id })[0];
      const research = input.researchId
        ? d.content.research.get(input.researchId)
        : (d.content.research.list({ contentId: piece.id, kind: 'perspectives' })[0] ?? null);
      const persona = input.personaId ? d.content.personas.get(input.personaId) : null;
      const body = script?.body ?? (piece.transcript || piece.description);
      const prompt = rewritePrompt(
        {
          ...(script ?? {
            id: '',
            title: piece.title,
            contentId: piece.id,
            personaId: null,
            currentVersion: 1,
            createdAt: '',
            updatedAt: '',
          }),
          body,
        },
        research,
        persona,
      );
      const tokens = estimateTokens(prompt) + SYSTEM_OVERHEAD_TOKENS;
      const model = input.provider === 'anthropic' ? WORKFLOW_MODELS.anthropic : WORKFLOW_MODELS.openai;
      return {
        provider: input.provider,
        charges: [
          {
            provider: input.provider,
            model,
            units: { input_tokens: tokens, output_tokens: MAX_OUTPUT_TOKENS.rewrite },
          },
        ],
        basis: `≈${fmt(tokens)} input tokens + up to ${fmt(MAX_OUTPUT_TOKENS.rewrite)} output (${model})`,
      };
    }
    case 'workflow.generate': {
      const persona = input.personaId ? d.content.personas.get(input.personaId) : null;
      const prompt = generatePrompt(connectedContent(d, input.contentIds), persona, input.brief);
      const tokens = estimateTokens(`${GENERATE_SYSTEM}\n${prompt}`) + SYSTEM_OVERHEAD_TOKENS;
      const model = WORKFLOW_MODELS.anthropic;
      return {
        provider: 'anthropic',
        charges: [
          { provider: 'anthropic', model, units: { input_tokens: tokens, output_tokens: MAX_OUTPUT_TOKENS.generate } },
        ],
        basis: `≈${fmt(tokens)} input tokens from ${input.contentIds.length} piece${input.contentIds.length === 1 ? '' : 's'} + up to ${fmt(MAX_OUTPUT_TOKENS.generate)} output (${model})`,
      };
    }
    case 'workflow.transcribe': {
      const { path, file } = await usableFile(d, input.fileId, 'audio', 'Transcription');
      const seconds = await measureAudioDurationSeconds(path);
      return {
        provider: 'openai',
        charges:
          seconds === undefined
            ? []
            : [{ provider: 'openai', model: WORKFLOW_MODELS.transcription, units: { seconds: Math.ceil(seconds) } }],
        basis:
          seconds === undefined
            ? `the length of ${file.name} could not be read`
            : `${fmt(Math.ceil(seconds))} s of audio (${WORKFLOW_MODELS.transcription})`,
      };
    }
    case 'workflow.voiceClone':
      for (const id of input.fileIds) await usableFile(d, id, 'audio', 'A voice sample');
      return {
        provider: 'elevenlabs',
        charges: [],
        basis: `${input.fileIds.length} sample(s); an instant clone uses a voice slot, not credits`,
      };
    case 'workflow.speak': {
      const script = d.content.scripts.get(input.scriptId);
      const body = input.version
        ? (d.content.scripts.versions(script.id).find((v) => v.version === input.version)?.body ?? script.body)
        : script.body;
      const credits = estimateTtsCredits(body, WORKFLOW_MODELS.tts);
      return {
        provider: 'elevenlabs',
        charges: [{ provider: 'elevenlabs', model: WORKFLOW_MODELS.tts, units: { characters: credits } }],
        basis: `${fmt(credits)} credits for ${fmt([...body].length)} characters (${WORKFLOW_MODELS.tts})`,
      };
    }
    case 'workflow.avatar':
      await usableFile(d, input.fileId, 'image', 'A photo avatar');
      return { provider: 'heygen', charges: [], basis: 'photo upload and avatar creation are not billed per call' };
    case 'workflow.render': {
      const { seconds, basis } = renderSecondsUpperBound(d, input);
      const resolution = input.resolution ?? DEFAULT_RESOLUTION;
      const model = heygenRenderModel('photo_avatar', resolution);
      return {
        provider: 'heygen',
        charges: [{ provider: 'heygen', model, units: { seconds }, endpoint: 'videos.create' }],
        basis: `up to ${fmt(seconds)} s of ${resolution} video (${basis}), photo avatar (Avatar IV) billed per second`,
      };
    }
  }
}

/** Whether `extraNanos` on top of what a budget already spent and holds would pass its limit. */
export function budgetVerdict(
  statuses: BudgetStatus[],
  provider: ProviderId,
  extraNanos: number,
): { hard: boolean; soft: boolean } {
  const verdict = { hard: false, soft: false };
  for (const s of statuses) {
    const b = s.budget;
    if (!b.enabled) continue;
    // Integration-scoped budgets are not matched: a step does not know which key will serve it until it runs.
    const applies = b.scope === 'overall' || (b.scope === 'provider' && b.scopeId === provider);
    if (!applies) continue;
    if (s.spentNanos + s.reservedNanos + extraNanos > b.limitNanos || s.state === 'exceeded') verdict[b.mode] = true;
  }
  return verdict;
}

export async function estimateWorkflow(
  d: WorkflowDeps,
  pricer: Pricer,
  budgets: () => BudgetStatus[],
  input: WorkflowStart,
  now: Date,
): Promise<WorkflowEstimate> {
  const plan = await planFor(d, input);
  let total: number | null = 0;
  for (const c of plan.charges) {
    const quote = pricer.price({
      provider: c.provider,
      model: c.model,
      units: c.units,
      at: now,
      estimated: true,
      ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    });
    total = quote.costNanos === null || total === null ? null : total + quote.costNanos;
  }
  const verdict = budgetVerdict(budgets(), plan.provider, total ?? 0);
  return {
    kind: input.kind,
    estimatedCostNanos: total,
    basis: plan.basis,
    exceedsHardBudget: verdict.hard,
    exceedsSoftBudget: verdict.soft,
    demo: d.providers.demoActive,
  };
}
