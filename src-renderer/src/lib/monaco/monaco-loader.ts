import type * as Monaco from 'monaco-editor/editor';

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | undefined;

const darkQuery = '(prefers-color-scheme: dark)';

/** Monaco, loaded on first use and shared by every editor; its theme follows the system's light or dark setting. */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= import('./monaco-bundle').then(({ monaco }) => {
    followColorScheme(monaco);
    return monaco;
  });
  return loading;
}

function followColorScheme(monaco: MonacoApi): void {
  const query = matchMedia(darkQuery);
  const apply = () => monaco.editor.setTheme(query.matches ? 'vs-dark' : 'vs');
  apply();
  query.addEventListener('change', apply);
}

/** The theme to create an editor with, before the shared listener takes over. */
export function currentTheme(): string {
  return matchMedia(darkQuery).matches ? 'vs-dark' : 'vs';
}
