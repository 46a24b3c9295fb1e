// Cost before the click: each step's expected units (from the input's size) priced by the same pricing
// service the ledger uses, then checked against the budgets that would pay for it.
import type { ModelOption, WorkflowEstimate, WorkflowStart } from '../../preload/contract/workflows';
import type { BudgetStatus } from '../budgets/service';
import type { Pricer } from '../gateway/deps';
import type { ProviderId, Units } from '../gateway/types';
import { estimateTtsCredits } from '../providers/elevenlabs/usage';
import { heygenRenderModel } from '../providers/heygen/usage';
import { transcriptionWorstUnits } from '../providers/openai/transcription-bound';
import { AGENT_MAX_STEPS, AGENT_SEARCH_CONTEXT_TOKENS } from '../providers/perplexity/client';
import { promptTokenBound } from '../providers/shared/units';
import { analysisPrompt } from './analyse';
import { MAX_OUTPUT_TOKENS, stepModel, type WorkflowDeps } from './deps';
import {
  APP_DEFAULT_MODEL,
  defaultModelSetting,
  fallbackWriter,
  isShutDown,
  modelsFor,
  STEP_FAMILY,
  type ModelStep,
  type StepModel,
} from './models';
import { usableFile } from './files';
import { TRANSCRIBABLE_KINDS, transcriptionRoute } from './transcribe';
import { chunksOf } from '../recordings/chunks';
import { connectedContent, generatePrompt, GENERATE_SYSTEM } from './generate';
import { liveShutdownDates } from './model-dates';
import { researchTopic } from './research';
import { EXA_SEARCH_RESULTS, EXA_SIMILAR_RESULTS, exaRequests, exaWorstCase } from './research-exa';
import { stepDefaults } from './defaults';
import { checkVideoLength, renderSecondsUpperBound } from './render';
import { rewriteModel, rewritePrompt } from './rewrite';

/** What a step will bill: one line per provider call it makes. */
interface Charge {
  provider: ProviderId;
  model: string | null;
  units: Units;
  endpoint?: string;
  /** A bound the provider's own worst-case function gives (what the gateway reserves): used instead of a quote. */
  worstCaseNanos?: number;
}

interface Plan {
  /** The provider a budget check is scoped to (the first one tried). */
  provider: ProviderId;
  charges: Charge[];
  /** What the fallback bills instead when the first provider fails (a refused attempt is not billed). */
  fallback?: Charge[];
  /** The model the step will run on. */
  model: string | null;
  basis: string;
}

const SYSTEM_OVERHEAD_TOKENS = 200;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** Input tokens at most: a BPE token is at least one byte, plus the system prompt and framing. */
const inputBound = (text: string) => promptTokenBound([text]) + SYSTEM_OVERHEAD_TOKENS;

/** One writer call (or its fallback on the other vendor), bounded by its prompt and output ceiling. */
function writerPlan(chosen: StepModel, prompt: string, maxOutput: number, label: string): Plan {
  const tokens = inputBound(prompt);
  const charge = (x: StepModel): Charge[] => [
    { provider: x.provider, model: x.model, units: { input_tokens: tokens, output_tokens: maxOutput } },
  ];
  const backup = fallbackWriter(chosen);
  return {
    provider: chosen.provider,
    charges: charge(chosen),
    fallback: charge(backup),
    model: chosen.model,
    basis: `${label}≤${fmt(tokens)} input tokens + up to ${fmt(maxOutput)} output (${chosen.model}; ${backup.model} if it fails)`,
  };
}

async function planFor(d: WorkflowDeps, input: WorkflowStart): Promise<Plan> {
  switch (input.kind) {
    case 'workflow.analyse': {
      const chosen = stepModel(d, 'workflow.analyse', input.model);
      return writerPlan(chosen, analysisPrompt(d.content.pieces.get(input.contentId)), MAX_OUTPUT_TOKENS.analyse, '');
    }
    case 'workflow.research': {
      const chosen = stepModel(d, 'workflow.research', input.model);
      const { model } = chosen;
      const piece = d.content.pieces.get(input.contentId);
      const topic = researchTopic(piece, input.focus, input.topic);
      if (chosen.provider === 'exa') {
        const requests = exaRequests(piece, input.focus, topic, d.now());
        return {
          provider: 'exa',
          model,
          charges: [
            {
              provider: 'exa',
              model,
              units: { requests: requests.similarTo ? 2 : 1 },
              worstCaseNanos: exaWorstCase(requests),
            },
          ],
          basis: `1 Exa search of ${EXA_SEARCH_RESULTS} pages with highlights${requests.similarTo ? ` + pages similar to the piece's URL (${EXA_SIMILAR_RESULTS})` : ''}, Exa's 2026-03-03 prices`,
        };
      }
      // Each agent step may search once and pull its results into the prompt: both are paid.
      const searches = AGENT_MAX_STEPS;
      const tokens = inputBound(topic) + searches * AGENT_SEARCH_CONTEXT_TOKENS;
      return {
        provider: 'perplexity',
        charges: [
          {
            provider: 'perplexity',
            model,
            units: { input_tokens: tokens, output_tokens: MAX_OUTPUT_TOKENS.research, web_searches: searches },
          },
        ],
        model,
        basis: `≤${fmt(tokens)} input tokens (with up to ${searches} searches' results) + up to ${fmt(MAX_OUTPUT_TOKENS.research)} output + ${searches} search fees (${model})`,
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
      return writerPlan(rewriteModel(d, input), prompt, MAX_OUTPUT_TOKENS.rewrite, '');
    }
    case 'workflow.generate': {
      const persona = input.personaId ? d.content.personas.get(input.personaId) : null;
      const prompt = generatePrompt(connectedContent(d, input.contentIds), persona, input.brief);
      const n = input.contentIds.length;
      return writerPlan(
        stepModel(d, 'workflow.generate', input.model),
        `${GENERATE_SYSTEM}\n${prompt}`,
        MAX_OUTPUT_TOKENS.generate,
        `${n} piece${n === 1 ? '' : 's'}: `,
      );
    }
    case 'workflow.transcribe': {
      const model = stepModel(d, 'workflow.transcribe', input.model).model;
      const { path, file } = await usableFile(d, input.fileId, TRANSCRIBABLE_KINDS, 'Transcription');
      const route = await transcriptionRoute(d, file, path);
      // The same bound the call reserves (providers/openai/transcription-bound.ts), per request sent.
      if (route.mode === 'direct') {
        const seconds = Math.ceil(route.seconds);
        const units = transcriptionWorstUnits(model, seconds);
        return {
          provider: 'openai',
          model,
          charges: units === null ? [] : [{ provider: 'openai', model, units }],
          basis: `${fmt(seconds)} s of audio (${model})`,
        };
      }
      // Each part is billed on its own, rounded up, and an MP3 cut may run a frame or two long: 1 s more each.
      const chunks = chunksOf(route.plan);
      const units: Record<string, number> = {};
      for (const c of chunks) {
        for (const [k, v] of Object.entries(transcriptionWorstUnits(model, Math.ceil(c.seconds) + 1) ?? {}))
          units[k] = (units[k] ?? 0) + (v ?? 0);
      }
      return {
        provider: 'openai',
        model,
        charges: [{ provider: 'openai', model, units: units as Units }],
        basis: `${fmt(Math.ceil(route.plan.durationSeconds))} s of audio in ${chunks.length} part${chunks.length === 1 ? '' : 's'} (${model})`,
      };
    }
    case 'workflow.voiceClone':
      for (const id of input.fileIds) await usableFile(d, id, 'audio', 'A voice sample');
      return {
        provider: 'elevenlabs',
        model: null,
        charges: [],
        basis: `${input.fileIds.length} sample(s); an instant clone uses a voice slot, not credits`,
      };
    case 'workflow.speak': {
      const model = stepModel(d, 'workflow.speak', input.model).model;
      const script = d.content.scripts.get(input.scriptId);
      const body = input.version
        ? (d.content.scripts.versions(script.id).find((v) => v.version === input.version)?.body ?? script.body)
        : script.body;
      const credits = estimateTtsCredits(body, model);
      return {
        provider: 'elevenlabs',
        model,
        charges: [{ provider: 'elevenlabs', model, units: { characters: credits } }],
        basis: `${fmt(credits)} credits for ${fmt([...body].length)} characters (${model})`,
      };
    }
    case 'workflow.avatar':
      await usableFile(d, input.fileId, 'image', 'A photo avatar');
      return {
        provider: 'heygen',
        model: null,
        charges: [],
        basis: 'photo upload and avatar creation are not billed per call',
      };
    case 'workflow.render': {
      const { seconds, basis } = renderSecondsUpperBound(d, input);
      const defaults = stepDefaults(d.settings);
      checkVideoLength(seconds, defaults.maxVideoSeconds);
      const resolution = input.resolution ?? defaults.resolution;
      const model = heygenRenderModel('photo_avatar', resolution);
      return {
        provider: 'heygen',
        model,
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
  const sum = (charges: Charge[]): number | null => {
    let total: number | null = 0;
    for (const c of charges) {
      if (c.worstCaseNanos !== undefined) {
        total = total === null ? null : total + c.worstCaseNanos;
        continue;
      }
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
    return total;
  };
  const first = sum(plan.charges);
  const backup = plan.fallback ? sum(plan.fallback) : 0;
  // Whichever of the chain serves it, the step costs at most the dearer of the two.
  const total = first === null || backup === null ? null : Math.max(first, backup);
  const verdict = budgetVerdict(budgets(), plan.provider, total ?? 0);
  return {
    kind: input.kind,
    estimatedCostNanos: total,
    basis: plan.basis,
    model: plan.model,
    exceedsHardBudget: verdict.hard,
    exceedsSoftBudget: verdict.soft,
    demo: d.providers.demoActive,
  };
}

/** Each model the step can use, with its estimate for this input, and which is cheapest, fastest, the default. */
export async function compareModels(
  d: WorkflowDeps,
  pricer: Pricer,
  input: WorkflowStart,
  now: Date,
): Promise<ModelOption[]> {
  if (!(input.kind in STEP_FAMILY)) return [];
  const step = input.kind as ModelStep;
  const fallbackDefault = APP_DEFAULT_MODEL[step];
  const userDefault = d.settings.get<string | undefined>(defaultModelSetting(step), undefined) ?? fallbackDefault;
  const options: ModelOption[] = [];
  for (const x of modelsFor(step, liveShutdownDates(d.settings))) {
    const shutDown = isShutDown(x, now);
    const estimate = shutDown
      ? null
      : (await estimateWorkflow(d, pricer, () => [], { ...input, model: x.model } as WorkflowStart, now))
          .estimatedCostNanos;
    options.push({
      provider: x.provider,
      model: x.model,
      label: x.label,
      speedRank: x.speedRank,
      retiresAt: x.retiresAt,
      shutdownAt: x.shutdownAt,
      shutDown,
      estimatedCostNanos: estimate,
      cheapest: false,
      fastest: false,
      isDefault: x.model === userDefault,
    });
  }
  const usable = options.filter((o) => !o.shutDown);
  const priced = usable.filter((o) => o.estimatedCostNanos !== null);
  const low = Math.min(...priced.map((o) => o.estimatedCostNanos as number));
  const fast = Math.min(...usable.map((o) => o.speedRank));
  for (const o of usable) {
    o.cheapest = o.estimatedCostNanos === low;
    o.fastest = o.speedRank === fast;
  }
  return options;
}
