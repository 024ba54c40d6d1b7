import { describe, expect, it } from 'vitest';
import { LIMITS, bytesOverLimit, formatLimit, formatMegabytes, utf8ByteLength } from './limits';

describe('utf8ByteLength', () => {
  it.each(['', 'plain ascii', 'naïve café', '€ and 中文', 'emoji 😀👍🏽', 'lone \uD800 surrogate', 'end \uDBFF'])(
    'agrees with TextEncoder on %j',
    (text) => {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});

describe('bytesOverLimit', () => {
  it('skips strings that cannot reach the limit', () => {
    expect(bytesOverLimit('€'.repeat(100), 300)).toBeUndefined();
  });

  it('returns the size of a string over the limit, counted in UTF-8 bytes', () => {
    expect(bytesOverLimit('€'.repeat(101), 300)).toBe(303);
    expect(bytesOverLimit('a'.repeat(301), 300)).toBe(301);
    expect(bytesOverLimit('a'.repeat(300), 300)).toBeUndefined();
  });
});

describe('LIMITS and formatting', () => {
  it('holds the agreed numbers', () => {
    expect(LIMITS).toEqual({
      maxSteps: 5000,
      maxFieldBytes: 1024 * 1024,
      maxPlanBytes: 16 * 1024 * 1024,
      maxTitleLength: 200,
      maxAcceptancePerStep: 50,
    });
    expect(Object.isFrozen(LIMITS)).toBe(true);
  });

  it('prints sizes in MB and limits in MiB, never rounding a too-large size down to the limit', () => {
    expect(formatMegabytes(10 * 1024 * 1024)).toBe('10.0 MiB');
    expect(formatMegabytes(1024 * 1024 + 1)).toBe('1.1 MiB');
    expect(formatLimit(LIMITS.maxFieldBytes)).toBe('1 MiB');
    expect(formatLimit(LIMITS.maxPlanBytes)).toBe('16 MiB');
  });
});
