/**
 * A step definition as YAML text and back. The yaml library loads with the step view only, and
 * JSON is the fallback should it fail to load.
 */
import { STEP_KEY_ORDER } from '../../../../src-preload/contract';

/**
 * The definition arranged for reading: the keys in STEP_KEY_ORDER first, and empty lists and empty groups left
 * out (the plan schema fills them in again, so saving the text unchanged writes no new version).
 */
export function readableStep(definition: object): Record<string, unknown> {
  const entries = Object.entries(definition as Record<string, unknown>)
    .map(([key, value]) => [key, pruneEmpty(value)] as const)
    .filter(([, value]) => value !== undefined);
  const rank = (key: string) => {
    const at = STEP_KEY_ORDER.indexOf(key);
    return at < 0 ? STEP_KEY_ORDER.length : at;
  };
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (value && typeof value === 'object') {
    const kept = Object.entries(value)
      .map(([key, inner]) => [key, pruneEmpty(inner)] as const)
      .filter(([, inner]) => inner !== undefined);
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  }
  return value;
}

export async function toYaml(definition: object): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(readableStep(definition), { lineWidth: 0 });
}

export async function fromYaml(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  return parse(text) as unknown;
}
