import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** What the first page must load before it can draw, minified: a budget (issue 18), so the build says it each time. */
const INITIAL_JS_BUDGET_KB = 600;

/** Prints the renderer's initial JavaScript (the entry chunk and what it imports statically) and what loads later. */
function initialBundleSize(): Plugin {
  return {
    name: 'forkscope-initial-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set<string>();
      // Only chunks count: an import may name an asset or an external, which has no code of its own here.
      const visit = (fileName: string): void => {
        if (initial.has(fileName) || !byName.has(fileName)) return;
        initial.add(fileName);
        for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const c of chunks) if (c.isEntry) visit(c.fileName);
      const kb = (names: string[]) => names.reduce((sum, n) => sum + Buffer.byteLength(byName.get(n)?.code ?? ''), 0) / 1024;
      const initialKb = kb([...initial]);
      const lazyKb = kb(chunks.map((c) => c.fileName).filter((n) => !initial.has(n)));
      const verdict = initialKb <= INITIAL_JS_BUDGET_KB ? 'within' : 'OVER';
      this.info(
        `renderer initial JavaScript: ${initialKb.toFixed(0)} KB minified in ${initial.size} chunk(s), ${verdict} the ${INITIAL_JS_BUDGET_KB} KB budget; ` +
          `${lazyKb.toFixed(0)} KB more load with the views that need them`,
      );
    },
  };
}

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
      // electron-vite leaves the renderer unminified; minified, the first page parses a fraction of the text.
      // FORKSCOPE_RENDERER_MINIFY=0 keeps names readable in a CPU profile.
      minify: process.env.FORKSCOPE_RENDERER_MINIFY !== '0',
      rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    plugins: [react(), initialBundleSize()],
  },
});
