/** The known id nearest to `id` by edit distance, if it is near enough to be a likely typo. */
export function closestId(id: string, knownIds: readonly string[]): string | null {
  const limit = Math.max(1, Math.floor(id.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const known of knownIds) {
    if (Math.abs(known.length - id.length) >= bestDistance) continue;
    const distance = editDistance(id.toLowerCase(), known.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b: 'biuld' is one from 'build'. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      next.push(best);
    }
    [before, row] = [row, next];
  }
  return row[b.length]!;
}
