/**
 * Pairs backtick runs the way inline code is read: a run opens a code span that the next run of
 * exactly the same length closes, and the runs between them are part of the code. Given run
 * lengths in text order, returns each run's partner index, or -1 for a run that pairs with
 * nothing (literal backticks, or backticks inside a span). Linear: runs are grouped by length
 * once and each group is walked with one cursor, so a text full of unpaired runs of different
 * lengths cannot make it quadratic.
 */
export function pairBacktickRuns(lengths: readonly number[]): Int32Array {
  const partners = new Int32Array(lengths.length).fill(-1);
  const byLength = new Map<number, number[]>();
  lengths.forEach((length, index) => {
    const group = byLength.get(length);
    if (group) group.push(index);
    else byLength.set(length, [index]);
  });
  const cursors = new Map<number, number>();
  for (let index = 0; index < lengths.length; index++) {
    const length = lengths[index]!;
    const group = byLength.get(length)!;
    let cursor = cursors.get(length) ?? 0;
    while (cursor < group.length && group[cursor]! <= index) cursor++;
    cursors.set(length, cursor);
    const partner = group[cursor];
    if (partner === undefined) continue;
    partners[index] = partner;
    partners[partner] = index;
    index = partner; // the runs in between are inside the span
  }
  return partners;
}
