// Workflows screen state: the content library list, and files being dropped in.
// A dropped file reaches main either through the Electron preload (File -> path, no copy) or, in web
// mode, as a streamed upload with progress and cancel. Main has the final say on type and size.
import { create } from 'zustand';
import type { ContentCreate, ContentPiece, Platform } from '../../../preload/contract/content';
import { describeLimit, INTAKE_RULES, UPLOAD_PATH, type FilePurpose, type FilesBridge, type RegisteredFile } from '../../../preload/contract/files';
import { CallError, type Result } from '../../../preload/contract/result';
import { api } from '../api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The preload's File-taking register, present only in Electron. */
const electronFiles = (): FilesBridge | null => {
  const bridge = (window as unknown as { aicon?: { files?: Partial<FilesBridge> } }).aicon?.files;
  return typeof bridge?.register === 'function' ? (bridge as FilesBridge) : null;
};

/** Sends a file's bytes to main (web mode). Streams the File: nothing is read into memory here. */
function uploadFile(file: File, purpose: FilePurpose, onProgress: (fraction: number) => void): { done: Promise<RegisteredFile>; abort(): void } {
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
      else reject(new Error(xhr.status === 401 ? 'Session expired: open the URL printed by the start command.' : `Upload failed (HTTP ${xhr.status})`));
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
}

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
  if (file.size > rule.maxBytes) return `"${file.name}" is ${(file.size / 1e6).toFixed(1)} MB, over the ${describeLimit(rule.maxBytes)} limit (${rule.label.toLowerCase()})`;
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
        const { items, total } = await api.content.list({ query: query || undefined, platform: platform || undefined, limit: 100 });
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
      set({ selectedId: piece.id });
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
    },
  };
});
