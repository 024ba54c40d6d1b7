import { defineConfig } from 'vite';

/**
 * The `planbox` command line: a Node build of src-main without Electron. Dependencies are bundled
 * in, because resolving drizzle-orm's files one by one through its very large package.json costs
 * more than half a second per command; better-sqlite3 stays external, to load its prebuilt
 * native binary.
 */
export default defineConfig({
  build: {
    ssr: 'src-main/surfaces/cli/main.ts',
    outDir: 'out/cli',
    target: 'node22',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'main.js', chunkFileNames: '[name].js', format: 'es' } },
  },
  // dockerode (CommonJS, with optional native parts) is loaded from node_modules, on first use.
  ssr: { target: 'node', noExternal: true, external: ['better-sqlite3', 'dockerode'] },
});
