// The seed's voice and video defaults (ElevenLabs stability and similarity 0.75, 16:9, 1080p, videos of at most
// 300 s) as editable settings: the speak and render steps read them when the step itself does not say.
import type { StepDefaults } from '../../preload/contract/workflows';
import type { SettingsStore } from '../system/settings';

export const STEP_DEFAULTS_SETTING = 'workflows.defaults';

export const SEED_STEP_DEFAULTS: StepDefaults = {
  voiceStability: 0.75,
  voiceSimilarity: 0.75,
  aspectRatio: '16:9',
  resolution: '1080p',
  maxVideoSeconds: 300,
};

/** The user's defaults over the seed's (a value saved before a new key existed keeps the rest). */
export const stepDefaults = (settings: SettingsStore): StepDefaults => ({
  ...SEED_STEP_DEFAULTS,
  ...settings.get<Partial<StepDefaults>>(STEP_DEFAULTS_SETTING, {}),
});
