// The workflow steps as job kinds, and the IPC that estimates and starts them. A start is refused when a hard
// budget would be exceeded; otherwise the job row carries the estimate and the piece it works on.
import type { PartialHandlers } from '../core/router';
import type { BudgetStatus } from '../budgets/service';
import type { Pricer } from '../gateway/deps';
import type { JobService } from '../jobs/service';
import type { Ledger } from '../ledger/ledger';
import { analyseHandler } from './analyse';
import { avatarHandler } from './avatar';
import { chainHandler } from './chain';
import { chainsHandlers } from './chain-handlers';
import type { WorkflowDeps } from './deps';
import { PieceCosts } from '../ledger/piece-costs';
import { STEP_DEFAULTS_SETTING, stepDefaults } from './defaults';
import { compareModels, estimateWorkflow } from './estimate';
import { liveShutdownDates, refreshOpenAIDates } from './model-dates';
import { defaultModelSetting, resolveStepModel } from './models';
import { generateHandler } from './generate';
import { DEFAULT_RENDER_OPTIONS, renderHandler, type RenderOptions } from './render';
import { researchHandler } from './research';
import { rewriteHandler } from './rewrite';
import { startStep } from './start';
import { transcribeHandler } from './transcribe';
import { speakHandler, voiceCloneHandler } from './voice';

export interface WorkflowOptions {
  render?: RenderOptions;
}

export interface WorkflowServiceDeps extends WorkflowDeps {
  jobs: JobService;
  /** Render settles its submit's ledger row once HeyGen reports the real duration. */
  ledger: Ledger;
  pricer: Pricer;
  budgetStatus: () => BudgetStatus[];
  now: () => Date;
}

export function registerWorkflowJobs(d: WorkflowServiceDeps, options: WorkflowOptions = {}): void {
  for (const handler of [
    analyseHandler(d),
    researchHandler(d),
    rewriteHandler(d),
    generateHandler(d),
    transcribeHandler(d),
    voiceCloneHandler(d),
    speakHandler(d),
    avatarHandler(d),
    renderHandler(d, options.render ?? DEFAULT_RENDER_OPTIONS),
    chainHandler(d),
  ]) {
    d.jobs.register(handler);
  }
}

/** A piece's title, or null once it has been deleted (its ledger rows stay). */
function titleOf(d: WorkflowDeps, contentId: string): string | null {
  try {
    return d.content.pieces.get(contentId).title;
  } catch {
    return null;
  }
}

export function workflowsHandlers(d: WorkflowServiceDeps): PartialHandlers {
  const pieceCosts = new PieceCosts(d.db);
  const estimate = (input: Parameters<typeof estimateWorkflow>[3]) =>
    estimateWorkflow(d, d.pricer, d.budgetStatus, input, d.now());
  return {
    ...chainsHandlers(d),
    'workflows.estimate': (input) => estimate(input),
    'workflows.defaults': () => stepDefaults(d.settings),
    'workflows.setDefaults': (patch) => {
      d.settings.set(STEP_DEFAULTS_SETTING, { ...stepDefaults(d.settings), ...patch });
      return stepDefaults(d.settings);
    },
    'workflows.spendByPiece': ({ from, to, ...filters }) => {
      const rows = pieceCosts.byPiece({ from: Date.parse(from), to: Date.parse(to), ...filters });
      const items = rows.map((r) => ({ ...r, title: titleOf(d, r.contentId) }));
      return { items, totalNanos: items.reduce((n, r) => n + r.costNanos, 0) };
    },
    'workflows.pieceCost': ({ contentId }) => {
      d.content.pieces.get(contentId);
      return pieceCosts.of(contentId);
    },
    'workflows.models': async (input) => {
      // OpenAI's own shutdown dates, read at most once a day (free); a failed read keeps the last ones.
      const dates = await refreshOpenAIDates(d);
      return { kind: input.kind, options: await compareModels(d, d.pricer, input, d.now()), dates };
    },
    'workflows.refreshModelDates': () => refreshOpenAIDates(d, true),
    'workflows.setDefaultModel': (input) => {
      const chosen = resolveStepModel(input.kind, input.model, undefined, d.now(), liveShutdownDates(d.settings));
      d.settings.set(defaultModelSetting(input.kind), chosen.model);
      return { kind: input.kind, model: chosen.model };
    },
    'workflows.start': async (input) => {
      const { job, estimate: e } = await startStep(d, input);
      return { jobId: job.id, estimate: e };
    },
  };
}
