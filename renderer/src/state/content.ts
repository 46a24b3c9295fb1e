// Workflows screen state: the content library list, files being dropped in, and the provider steps
// (workflow jobs) run on the selected piece with their estimates, progress and results.
// A dropped file reaches main either through the Electron preload (File -> path, no copy) or, in web
// mode, as a streamed upload with progress and cancel. Main has the final say on type and size.
import { create } from 'zustand';
import type {
  AnalysisRecord,
  AvatarModel,
  ContentCreate,
  ContentPiece,
  GeneratedMedia,
  Platform,
  ResearchRecord,
  Script,
  ScriptVersion,
  VoiceModel,
} from '../../../preload/contract/content';
import {
  cancelWarningOf,
  TERMINAL_JOB_STATES,
  type CancelWarning,
  type Job,
  type JobState,
} from '../../../preload/contract/jobs';
import type { CallRow } from '../../../preload/contract/ledger';
import {
  describeLimit,
  INTAKE_RULES,
  UPLOAD_PATH,
  type FilePurpose,
  type FilesBridge,
  type RegisteredFile,
} from '../../../preload/contract/files';
import { CallError, type Result } from '../../../preload/contract/result';
import type { WorkflowEstimate, WorkflowRequest } from '../../../preload/contract/workflows';
import { api } from '../api';
import { useScripts } from './scripts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The preload's File-taking register, present only in Electron. */
const electronFiles = (): FilesBridge | null => {
  const bridge = (window as unknown as { aicon?: { files?: Partial<FilesBridge> } }).aicon?.files;
  return typeof bridge?.register === 'function' ? (bridge as FilesBridge) : null;
};

/** Sends a file's bytes to main (web mode). Streams the File: nothing is read into memory here. */
function uploadFile(
  file: File,
  purpose: FilePurpose,
  onProgress: (fraction: number) => void,
): { done: Promise<RegisteredFile>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<RegisteredFile>((resolve, reject) => {
    xhr.open('POST', `${UPLOAD_PATH}?purpose=${encodeURIComponent(purpose)}&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let result: Result<RegisteredFile> | null = null;
      try {
        result = JSON.parse(xhr.responseText) as Result<RegisteredFile>;
      } catch {
        // not JSON: described below by status
      }
      if (result?.ok) resolve(result.data);
      else if (result) reject(new CallError(result.error));
      else
        reject(
          new Error(
            xhr.status === 401
              ? 'Session expired: open the URL printed by the start command.'
              : `Upload failed (HTTP ${xhr.status})`,
          ),
        );
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted (network error)'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

export type DropStatus = 'uploading' | 'registered' | 'error' | 'cancelled';

export interface DroppedItem {
  key: string;
  name: string;
  size: number;
  /** The browser's guess, used only to pick a preview element; main sniffs the real type. */
  typeHint: string;
  purpose: FilePurpose;
  /** An object URL for the preview; revoked when the item is removed. */
  previewUrl: string | null;
  status: DropStatus;
  progress: number;
  error: string | null;
  file: RegisteredFile | null;
  /** The piece selected when it was dropped: the file is kept with it (and listed again after a reload). */
  contentId: string | null;
  /** Listed from the piece's kept files (an earlier session's drop), not dropped in this page. */
  kept?: boolean;
}

/** A file kept with a piece, shown like a finished drop. */
const keptItem = (contentId: string, file: RegisteredFile): DroppedItem => ({
  key: `kept-${file.id}`,
  name: file.name,
  size: file.size,
  typeHint: file.mime,
  purpose: file.purpose,
  previewUrl: null,
  status: 'registered',
  progress: 1,
  error: null,
  file,
  contentId,
  kept: true,
});

/** Auto purpose from the browser's type hint: photos for avatars, audio for voice, video for transcription. */
export function guessPurpose(file: File): FilePurpose {
  if (file.type.startsWith('image/')) return 'avatar_photo';
  if (file.type.startsWith('video/')) return 'transcription';
  return 'voice_sample';
}

/** The cheap checks the page can make before sending anything; main repeats them all. */
export function precheck(file: File, purpose: FilePurpose): string | null {
  const rule = INTAKE_RULES[purpose];
  if (file.size === 0) return `"${file.name}" is empty (0 bytes)`;
  if (file.size > rule.maxBytes)
    return `"${file.name}" is ${(file.size / 1e6).toFixed(1)} MB, over the ${describeLimit(rule.maxBytes)} limit (${rule.label.toLowerCase()})`;
  return null;
}

interface ContentState {
  pieces: ContentPiece[];
  total: number;
  query: string;
  platform: Platform | '';
  selectedId: string | null;
  loading: boolean;
  error: string | null;
  drops: DroppedItem[];
  load(): Promise<void>;
  setQuery(query: string): void;
  setPlatform(platform: Platform | ''): void;
  select(id: string | null): void;
  create(input: Partial<ContentCreate> & { title: string }): Promise<ContentPiece>;
  addFiles(files: File[], purpose: FilePurpose | 'auto'): void;
  cancelDrop(key: string): void;
  removeDrop(key: string): void;
  /** Lists the files kept with the piece beside this page's drops for it. */
  loadPieceFiles(contentId: string): Promise<void>;
}

const aborts = new Map<string, () => void>();
let dropCounter = 0;

export const useContent = create<ContentState>((set, get) => {
  const patchDrop = (key: string, patch: Partial<DroppedItem>) =>
    set((s) => ({ drops: s.drops.map((d) => (d.key === key ? { ...d, ...patch } : d)) }));

  async function register(key: string, file: File, purpose: FilePurpose) {
    const bridge = electronFiles();
    try {
      let registered: RegisteredFile;
      if (bridge) {
        registered = await bridge.register(file, purpose);
      } else {
        const upload = uploadFile(file, purpose, (progress) => patchDrop(key, { progress }));
        aborts.set(key, upload.abort);
        registered = await upload.done;
      }
      patchDrop(key, { status: 'registered', progress: 1, file: registered });
      const contentId = get().drops.find((d) => d.key === key)?.contentId;
      if (contentId) await api.pieceFiles.attach({ contentId, fileId: registered.id });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') patchDrop(key, { status: 'cancelled', error: null });
      else {
        // A refused file gets no preview: its bytes are not what its name claims.
        const preview = get().drops.find((d) => d.key === key)?.previewUrl;
        if (preview) URL.revokeObjectURL(preview);
        patchDrop(key, { status: 'error', error: message(e), previewUrl: null });
      }
    } finally {
      aborts.delete(key);
    }
  }

  return {
    pieces: [],
    total: 0,
    query: '',
    platform: '',
    selectedId: null,
    loading: false,
    error: null,
    drops: [],

    async load() {
      const { query, platform } = get();
      set({ loading: true, error: null });
      try {
        const { items, total } = await api.content.list({
          query: query || undefined,
          platform: platform || undefined,
          limit: 100,
        });
        set({ pieces: items, total, loading: false });
      } catch (e) {
        set({ error: message(e), loading: false });
      }
    },
    setQuery(query) {
      set({ query });
      void get().load();
    },
    setPlatform(platform) {
      set({ platform });
      void get().load();
    },
    select(id) {
      set({ selectedId: id });
    },
    async create(input) {
      const piece = await api.content.create(input);
      get().select(piece.id);
      await get().load();
      return piece;
    },

    addFiles(files, purposeChoice) {
      for (const file of files) {
        const purpose = purposeChoice === 'auto' ? guessPurpose(file) : purposeChoice;
        const key = `drop-${++dropCounter}`;
        const refused = precheck(file, purpose);
        const previewable = /^(image|audio|video)\//.test(file.type);
        const item: DroppedItem = {
          key,
          name: file.name,
          size: file.size,
          typeHint: file.type,
          purpose,
          previewUrl: previewable && !refused ? URL.createObjectURL(file) : null,
          status: refused ? 'error' : 'uploading',
          progress: 0,
          error: refused,
          file: null,
          contentId: get().selectedId,
        };
        set((s) => ({ drops: [item, ...s.drops] }));
        if (!refused) void register(key, file, purpose);
      }
    },
    cancelDrop(key) {
      aborts.get(key)?.();
    },
    removeDrop(key) {
      const item = get().drops.find((d) => d.key === key);
      aborts.get(key)?.();
      if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl);
      set((s) => ({ drops: s.drops.filter((d) => d.key !== key) }));
      // Removed from the list = no longer kept with the piece (the file itself stays registered).
      if (item?.file && item.contentId)
        void api.pieceFiles.detach({ contentId: item.contentId, fileId: item.file.id }).catch(() => undefined);
    },
    async loadPieceFiles(contentId) {
      let files: RegisteredFile[];
      try {
        ({ files } = await api.pieceFiles.list({ contentId }));
      } catch {
        return; // the piece was deleted meanwhile: nothing to list
      }
      if (get().selectedId !== contentId) return;
      set((s) => {
        // This page's drops for the piece (or for no piece) stay; the kept files fill in what they do not show.
        const mine = s.drops.filter((d) => !d.kept && (d.contentId === contentId || d.contentId === null));
        for (const d of s.drops) if (d.previewUrl && !mine.includes(d)) URL.revokeObjectURL(d.previewUrl);
        const shown = new Set(mine.flatMap((d) => (d.file ? [d.file.id] : [])));
        return { drops: [...mine, ...files.filter((f) => !shown.has(f.id)).map((f) => keptItem(contentId, f))] };
      });
    },
  };
});

// ---- Provider steps on the selected piece (workflow jobs) ----

export type StepKey =
  | 'analyse'
  | 'research'
  | 'trends'
  | 'rewrite'
  | 'generate'
  | 'transcribe'
  | 'voiceClone'
  | 'speak'
  | 'avatar'
  | 'render';

export interface StepRun {
  jobId: string;
  state: JobState;
  progress: number;
  message: string | null;
  error: string | null;
  actualCostNanos: number | null;
  /** The upper-bound estimate the step was started with (shown beside the actual cost). */
  estimatedCostNanos: number | null;
  /** The ledger rows the job's provider calls wrote, read when it settles. */
  ledger: CallRow[] | null;
  /** A waiting job runs again at this time (a poll, or the end of a rate-limit window). */
  runAfter: string | null;
  /** Set once cancelling would not stop the spend (a submitted render). */
  cancelWarning: CancelWarning | null;
  createdAt: string;
}

const STEP_KEYS: readonly StepKey[] = [
  'analyse',
  'research',
  'trends',
  'rewrite',
  'generate',
  'transcribe',
  'voiceClone',
  'speak',
  'avatar',
  'render',
];

/** The step card a job belongs to (research with focus "trends" has its own card). */
export function stepKeyOf(job: Pick<Job, 'kind' | 'input'>): StepKey | null {
  const key = job.kind.startsWith('workflow.') ? job.kind.slice('workflow.'.length) : '';
  if (key === 'research' && (job.input as { focus?: unknown } | null)?.focus === 'trends') return 'trends';
  return STEP_KEYS.find((k) => k === key) ?? null;
}

const runOf = (job: Job, ledger: CallRow[] | null = null): StepRun => ({
  jobId: job.id,
  state: job.state,
  progress: job.progress,
  message: job.progressMessage,
  error: job.error?.message ?? null,
  actualCostNanos: job.actualCostNanos,
  estimatedCostNanos: job.estimatedCostNanos,
  ledger,
  runAfter: job.state === 'waiting' ? job.runAfter : null,
  cancelWarning: TERMINAL_JOB_STATES.includes(job.state) ? null : cancelWarningOf(job),
  createdAt: job.createdAt,
});

export interface PieceResults {
  analyses: AnalysisRecord[];
  research: ResearchRecord[];
  scripts: Script[];
  /** Versions of the piece's newest script. */
  versions: ScriptVersion[];
  media: GeneratedMedia[];
  voices: VoiceModel[];
  avatars: AvatarModel[];
}

const EMPTY_RESULTS: PieceResults = {
  analyses: [],
  research: [],
  scripts: [],
  versions: [],
  media: [],
  voices: [],
  avatars: [],
};

interface WorkflowState {
  contentId: string | null;
  results: PieceResults;
  /** The estimate for each step's current input (or why none could be made). */
  estimates: Partial<
    Record<StepKey, { key: string; epoch: number; estimate: WorkflowEstimate | null; error: string | null }>
  >;
  runs: Partial<Record<StepKey, StepRun>>;
  startErrors: Partial<Record<StepKey, string>>;
  /** Bumped when a budget changes or a job settles: every step's estimate (and its budget verdict) is made again. */
  estimateEpoch: number;
  loadResults(contentId: string): Promise<void>;
  estimate(step: StepKey, input: WorkflowRequest): Promise<void>;
  start(step: StepKey, input: WorkflowRequest): Promise<void>;
  /**
   * Follows main's job and budget events for the window's life (once, however often called), so a step's state is
   * current even when its job moved while another screen was shown.
   */
  follow(): void;
  cancel(step: StepKey): Promise<void>;
}

let followingSteps = false;

export const useWorkflow = create<WorkflowState>((set, get) => {
  const stepOfJob = (jobId: string) =>
    (Object.entries(get().runs) as [StepKey, StepRun][]).find(([, r]) => r.jobId === jobId)?.[0] ?? null;
  const patchRun = (step: StepKey, patch: Partial<StepRun>) =>
    set((s) => ({ runs: { ...s.runs, [step]: { ...(s.runs[step] as StepRun), ...patch } } }));

  /** The piece's steps as main has them: the newest job of each step (one a chain started counts too). */
  async function loadRuns(contentId: string) {
    const { jobs } = await api.jobs.list({ contentId, limit: 200 });
    if (get().contentId !== contentId) return;
    set((s) => {
      const runs = { ...s.runs };
      for (const job of [...jobs].reverse()) {
        const key = stepKeyOf(job);
        if (!key) continue;
        const known = runs[key];
        runs[key] = runOf(job, known?.jobId === job.id && known.state === job.state ? known.ledger : null);
      }
      return { runs };
    });
  }

  /** A job of this piece that no card started here (a chain's step, another window): the card shows it. */
  async function adopt(jobId: string) {
    const job = await api.jobs.get({ id: jobId });
    const key = stepKeyOf(job);
    const current = get().runs[key ?? 'analyse'];
    if (!key || job.contentId !== get().contentId) return;
    if (current && current.jobId !== job.id && current.createdAt > job.createdAt) return;
    set((s) => ({ runs: { ...s.runs, [key]: runOf(job) } }));
    // A job that ended before it was adopted (its events raced the adoption) still lands its results.
    if (TERMINAL_JOB_STATES.includes(job.state)) await settle(key, job.id);
  }

  async function settle(step: StepKey, jobId: string) {
    const [job, calls] = await Promise.all([api.jobs.get({ id: jobId }), api.ledger.calls({ jobId, limit: 50 })]);
    patchRun(step, { ...runOf(job, calls.rows) });
    const contentId = get().contentId;
    // A written script opens in the script panel (a generated one is new; a rewrite may be of another script).
    const scriptId = (job.output as { scriptId?: unknown } | null)?.scriptId;
    if (contentId && job.contentId === contentId && typeof scriptId === 'string')
      useScripts.getState().choose(contentId, scriptId);
    // A step may have changed the piece itself (a transcript): re-read the library too.
    await Promise.all([contentId ? get().loadResults(contentId) : null, useContent.getState().load()]);
  }

  return {
    contentId: null,
    results: EMPTY_RESULTS,
    estimates: {},
    runs: {},
    startErrors: {},
    estimateEpoch: 0,

    async loadResults(contentId) {
      // Estimates are keyed by their input (which names the piece), so they stay; runs belong to the old piece.
      if (contentId !== get().contentId) set({ contentId, results: EMPTY_RESULTS, runs: {}, startErrors: {} });
      const [analyses, research, scripts, media, voices, avatars] = await Promise.all([
        api.analyses.list({ contentId }),
        api.research.list({ contentId }),
        api.scripts.list({ contentId }),
        api.media.list({ contentId }),
        api.voices.list({}),
        api.avatars.list({}),
      ]);
      const newest = scripts.items[0];
      const [versions] = await Promise.all([
        newest ? api.scripts.versions({ id: newest.id }).then((v) => v.items) : [],
        loadRuns(contentId),
      ]);
      if (get().contentId !== contentId) return;
      set({
        results: {
          analyses: analyses.items,
          research: research.items,
          scripts: scripts.items,
          versions,
          media: media.items,
          voices: voices.items,
          avatars: avatars.items,
        },
      });
    },

    async estimate(step, input) {
      const key = JSON.stringify(input);
      const epoch = get().estimateEpoch;
      const known = get().estimates[step];
      if (known?.key === key && known.epoch === epoch) return;
      // The same input again (a budget changed, a job settled): the old figure stays shown until the new one lands.
      if (known?.key !== key)
        set((s) => ({ estimates: { ...s.estimates, [step]: { key, epoch, estimate: null, error: null } } }));
      else set((s) => ({ estimates: { ...s.estimates, [step]: { ...known, epoch } } }));
      try {
        const estimate = await api.workflows.estimate(input);
        set((s) =>
          s.estimates[step]?.key === key
            ? { estimates: { ...s.estimates, [step]: { key, epoch, estimate, error: null } } }
            : s,
        );
      } catch (e) {
        set((s) =>
          s.estimates[step]?.key === key
            ? { estimates: { ...s.estimates, [step]: { key, epoch, estimate: null, error: message(e) } } }
            : s,
        );
      }
    },

    async start(step, input) {
      set((s) => ({ startErrors: { ...s.startErrors, [step]: undefined } }));
      try {
        const { jobId, estimate } = await api.workflows.start(input);
        set((s) => ({
          runs: {
            ...s.runs,
            [step]: {
              jobId,
              state: 'queued',
              progress: 0,
              message: null,
              error: null,
              actualCostNanos: null,
              estimatedCostNanos: estimate.estimatedCostNanos,
              ledger: null,
              runAfter: null,
              cancelWarning: null,
              createdAt: new Date().toISOString(),
            },
          },
        }));
        // The job may have finished before its events were followed.
        const job = await api.jobs.get({ id: jobId });
        if (TERMINAL_JOB_STATES.includes(job.state)) await settle(step, jobId);
      } catch (e) {
        set((s) => ({ startErrors: { ...s.startErrors, [step]: message(e) } }));
      }
    },

    follow() {
      if (followingSteps) return;
      followingSteps = true;
      const reestimate = () => set((s) => ({ estimateEpoch: s.estimateEpoch + 1 }));
      api.events.on('budget.changed', reestimate);
      api.events.on('job.progress', (p) => {
        const terminal = TERMINAL_JOB_STATES.includes(p.state);
        // Spend moved: what a budget still allows (a step's Start) is checked again.
        if (terminal) reestimate();
        const step = stepOfJob(p.id);
        if (!step) {
          if (p.contentId !== null && p.contentId === get().contentId && stepKeyOf({ kind: p.kind, input: null }))
            void adopt(p.id).catch(() => undefined);
          return;
        }
        const known = get().runs[step];
        patchRun(step, {
          state: p.state,
          progress: p.progress,
          message: p.message,
          runAfter: p.state === 'waiting' ? (p.runAfter ?? null) : null,
        });
        // A state change may bring a cost or a cancel warning (a render just submitted): read the row.
        if (terminal) void settle(step, p.id);
        else if (known?.state !== p.state) void adopt(p.id).catch(() => undefined);
      });
    },

    async cancel(step) {
      const run = get().runs[step];
      if (!run) return;
      try {
        patchRun(step, runOf(await api.jobs.cancel({ id: run.jobId })));
      } catch (e) {
        set((s) => ({ startErrors: { ...s.startErrors, [step]: message(e) } }));
      }
    },
  };
});
