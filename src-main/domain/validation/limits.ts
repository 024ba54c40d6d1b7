const MIB = 1024 * 1024;

/** Hard limits on a plan. Past them a plan is refused: it would be slow to review, store and run. */
export const LIMITS = Object.freeze({
  maxSteps: 5000,
  /** Per free-text field: content, patch, prompt, command, description. */
  maxFieldBytes: 1 * MIB,
  maxPlanBytes: 16 * MIB,
  /** In characters, for the plan name and step titles. */
  maxTitleLength: 200,
  maxAcceptancePerStep: 50,
});

/**
 * Size of `text` in UTF-8 bytes. Counted from the UTF-16 code units rather than with
 * TextEncoder.encode, which would allocate a copy of a field that may be many megabytes; the
 * result is the same (a lone surrogate counts 3 bytes, as TextEncoder writes it as U+FFFD).
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 2; // two code units, four bytes
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The UTF-8 size of `text` when it is over `limit`, otherwise undefined. A string of n code units
 * holds at most 3n bytes, so short strings (nearly all) are never counted.
 */
export function bytesOverLimit(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = utf8ByteLength(text);
  return bytes > limit ? bytes : undefined;
}

/** '10.0 MiB'. Rounded up, so a size just over a limit never prints as the limit itself. */
export function formatMegabytes(bytes: number): string {
  return `${(Math.ceil((bytes / MIB) * 10) / 10).toFixed(1)} MiB`;
}

/** '1 MiB', '16 MiB': limits are whole mebibytes. */
export function formatLimit(bytes: number): string {
  return `${Math.round((bytes / MIB) * 100) / 100} MiB`;
}
