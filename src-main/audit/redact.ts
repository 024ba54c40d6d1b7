/**
 * Secrets never enter the audit log: values under keys that name a secret are replaced, and
 * strings that look like API keys or bearer tokens are masked wherever they appear.
 */
const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authorization|credential|private[-_]?key)$/i;
const SECRET_VALUE = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, // OpenAI-style and Anthropic (sk-ant-...) keys
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
];
export const REDACTED = '[redacted]';

export function redactSecrets<T>(value: T): T {
  return redact(value, undefined) as T;
}

function redact(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && value !== '' && typeof value !== 'object')
    return REDACTED;
  if (typeof value === 'string') return SECRET_VALUE.reduce((text, pattern) => text.replace(pattern, REDACTED), value);
  if (Array.isArray(value)) return value.map((item) => redact(item, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
