import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for everything that runs in Node: the Electron main process, the CLI
// (which also hosts `forkscope serve`) and the sampler's worker thread share chunks.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/electron/index.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli/index.ts'),
          'sampler-worker': resolve(import.meta.dirname, 'src/main/engine/sampler/worker.ts'),
          // The queue lab's node engine: its own processes, run on Forkscope's runtime.
          'queue-broker': resolve(import.meta.dirname, 'src/main/engine/queue-lab/processes/broker.ts'),
          'queue-producer': resolve(import.meta.dirname, 'src/main/engine/queue-lab/processes/producer.ts'),
          'queue-consumer': resolve(import.meta.dirname, 'src/main/engine/queue-lab/processes/consumer.ts'),
        },
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only a few Electron modules, so bundle zod into it.
      externalizeDeps: false,
      // A sandboxed preload cannot be an ES module: one CommonJS file.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
});
