import { describe, expect, it } from 'vitest';
import { pairBacktickRuns } from './backtick-runs';

describe('pairBacktickRuns', () => {
  it('pairs a run with the next run of the same length', () => {
    expect([...pairBacktickRuns([1, 1, 2, 2])]).toEqual([1, 0, 3, 2]);
  });

  it('leaves runs without a partner unpaired, and skips runs inside a span', () => {
    // `` a ` b `` c `: the single backtick is inside the double span; the last one pairs with nothing.
    expect([...pairBacktickRuns([2, 1, 2, 1])]).toEqual([2, -1, 0, -1]);
  });

  it('stays linear for thousands of runs of different lengths', () => {
    const lengths = Array.from({ length: 20_000 }, (_, index) => index + 1);
    expect(pairBacktickRuns(lengths).every((partner) => partner === -1)).toBe(true);
  });
});
