export { default as MonacoEditor } from './MonacoEditor.svelte';
export { default as MonacoDiff } from './MonacoDiff.svelte';
export { languageOf } from './language';
export { loadMonaco } from './monaco-loader';
export type { EditorMarker } from './markers';
