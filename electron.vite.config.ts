import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve('src-main/index.ts') } } },
  },
  preload: {
    // Fully bundled so it runs in Electron's sandboxed renderer, which cannot require modules.
    build: { rollupOptions: { input: { index: resolve('src-preload/index.ts') } }, externalizeDeps: false },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: { minify: true, rollupOptions: { input: { index: resolve('src-renderer/index.html') } } },
  },
});
