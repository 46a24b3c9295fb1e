// The newest storage failure any call met (disk full, read-only, locked, damaged database), for the app-wide banner.
import { create } from 'zustand';
import type { StorageProblem } from '../storageErrors';

interface StorageProblemState {
  problem: StorageProblem | null;
  report(p: StorageProblem): void;
  dismiss(): void;
}

export const useStorageProblem = create<StorageProblemState>((set) => ({
  problem: null,
  report: (problem) => set({ problem }),
  dismiss: () => set({ problem: null }),
}));
