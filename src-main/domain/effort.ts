const EFFORT = /^(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*([a-z]*)$/;
const HOURS_PER_UNIT: [RegExp, number][] = [
  [/^(m|mins?|minutes?)$/, 1 / 60],
  [/^(|h|hrs?|hours?)$/, 1],
  [/^(d|days?)$/, 8], // a working day
  [/^(w|wks?|weeks?)$/, 40],
];

/**
 * Hours of work an effort string stands for: "2h", "30m", "1d" (8h), "1w" (40h), "2-3 hours"
 * (the upper bound), a plain number (hours). Null when it does not parse.
 */
export function parseEffortHours(effort: string | undefined): number | null {
  const match = EFFORT.exec((effort ?? '').trim().toLowerCase());
  const unit = match && HOURS_PER_UNIT.find(([pattern]) => pattern.test(match[3] ?? ''));
  const amount = Number(match?.[2] ?? match?.[1]);
  return unit && amount > 0 ? amount * unit[1] : null;
}
