import { createTwoFilesPatch } from 'diff';
import type { FileChangeView } from '../../../src-preload/contract';

/** File changes as a unified diff a person can read (binary and large files named only). */
export function renderDiff(changes: FileChangeView[]): string {
  return changes
    .map((change) => {
      const from = change.kind === 'added' ? '/dev/null' : `a/${change.path}`;
      const to = change.kind === 'deleted' ? '/dev/null' : `b/${change.path}`;
      if (change.binary || change.tooLarge) {
        return `${change.kind} ${change.path} (${change.binary ? 'binary' : 'too large to show'})\n`;
      }
      return createTwoFilesPatch(from, to, change.before ?? '', change.after ?? '', '', '', { context: 3 })
        .split('\n')
        .slice(1) // jsdiff's "====" separator line
        .join('\n');
    })
    .join('');
}
