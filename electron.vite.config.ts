import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// main/ and preload/ build as CommonJS (no "type": "module"); the sandboxed preload is one
// self-contained bundle. main/web/start.ts is the Node entry for web mode; scripts/report.ts is `npm run report`
// (its chunks hold only what the report reads, never main/app).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/index.ts'),
          web: resolve(__dirname, 'main/web/start.ts'),
          report: resolve(__dirname, 'scripts/report.ts'),
        },
        output: { entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // Minified, and split: the dashboard's chunk first, every other page in its own chunk on first visit.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
