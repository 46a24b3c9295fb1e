// What every workflow step needs: the content library, registered files, the provider access (real keys, or
// the built-in fakes in demo mode) and the database (to read ledger costs of multi-call steps).
import type { ContentLibrary } from '../content/library';
import type { Db } from '../db/database';
import type { FileRegistry } from '../files/registry';
import type { ProviderAccess } from '../providers/access';
import type { SettingsStore } from '../system/settings';
import { liveShutdownDates } from './model-dates';
import { defaultModelSetting, resolveStepModel, type ModelStep, type StepModel } from './models';

export interface WorkflowDeps {
  db: Db;
  content: ContentLibrary;
  files: FileRegistry;
  providers: ProviderAccess;
  /** The user's defaults (model per step, render and voice settings). */
  settings: SettingsStore;
  now: () => Date;
}

/** The model a step runs on (asked for, else the user's default, else the app's); shut-down models are refused. */
export const stepModel = (d: WorkflowDeps, step: ModelStep, asked: string | undefined): StepModel =>
  resolveStepModel(
    step,
    asked,
    d.settings.get<string | undefined>(defaultModelSetting(step), undefined),
    d.now(),
    liveShutdownDates(d.settings),
  );

/** Output-token ceilings (also what the estimate reserves). */
export const MAX_OUTPUT_TOKENS = { analyse: 1_200, rewrite: 2_000, generate: 2_000, research: 1_500 } as const;
