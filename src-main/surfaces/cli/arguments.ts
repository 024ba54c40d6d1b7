import { InvalidArgumentError } from 'commander';

export function parseIdList(value: string): string[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new InvalidArgumentError('expected comma-separated step ids, e.g. write-script,run-script');
  return ids;
}

export function parseVersion(value: string): number {
  const n = Number(value.replace(/^v/, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`'${value}' is not a version number (1, 2, ... or v1, v2, ...)`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`'${value}' is not a positive whole number`);
  return n;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError(`'${value}' is not a port number (0-65535; 0 picks a free one)`);
  }
  return n;
}
