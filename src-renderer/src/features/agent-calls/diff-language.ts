import { loadMonaco } from '../../lib/monaco/monaco-loader';

let registering: Promise<void> | undefined;

/**
 * Monaco ships no colouring for unified diffs, and a held apply_patch is one. Registers a small
 * 'diff' language once: added lines green, removed lines red, hunk headers blue (the token names
 * are chosen for the colours the built-in vs and vs-dark themes give them).
 */
export function registerDiffLanguage(): Promise<void> {
  registering ??= loadMonaco().then((monaco) => {
    if (monaco.languages.getLanguages().some((language) => language.id === 'diff')) return;
    monaco.languages.register({ id: 'diff', extensions: ['.diff', '.patch'] });
    monaco.languages.setMonarchTokensProvider('diff', {
      tokenizer: {
        root: [
          [/^(?:diff|index|\+\+\+|---) .*$/, 'type'],
          [/^@@.*$/, 'keyword'],
          [/^\+.*$/, 'comment'],
          [/^-.*$/, 'string'],
          [/.+/, ''],
        ],
      },
    });
  });
  return registering;
}
