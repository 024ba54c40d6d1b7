/**
 * The parts of Monaco the app uses, in one module that is only ever imported dynamically (through
 * `loadMonaco`), so the editor's few megabytes load when a view first shows code, not at start.
 *
 * Editor core, every editor feature (the diff editor among them), the syntax colouring of every
 * language (each loads on first use) and the JSON language service. The TypeScript, CSS and HTML
 * language services are left out: the app shows such files read-only, where colouring is enough,
 * and their workers would add megabytes.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/register.all';
import 'monaco-editor/languages/features/json/register';
// Workers are bundled as files of the app (Vite's ?worker), so the CSP's worker-src 'self' allows them.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
