/**
 * Identity and file names of ExecPlans: ids are `EP-YYYYMMDD-NNN` (a daily sequence from 001 to
 * 999), plan files are `EP-YYYYMMDD-NNN_<slug>.md`, milestone files `EP-YYYYMMDD-NNN_MS###_<slug>.md`.
 */

export const EXECPLAN_ID = /^EP-(\d{4})(\d{2})(\d{2})-(\d{3})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_SLUG_LENGTH = 48;

/** True for a real calendar day: 2026-02-30 is not one. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' written as a real calendar day. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A well-formed id: a real day and a sequence number from 001 to 999. */
export function isExecPlanId(value: string): boolean {
  const match = EXECPLAN_ID.exec(value);
  if (!match) return false;
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) && Number(match[4]) >= 1;
}

/**
 * "Refactor the Auth Refresh flow!" → "refactor-the-auth-refresh-flow". ASCII only, so the slug is a
 * safe file and branch name everywhere; accents are folded ("Café" → "cafe"), other scripts drop
 * out, and a title with nothing left becomes "plan".
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  // A first word longer than the limit is cut rather than dropped.
  if (!slug && words[0]) slug = words[0].slice(0, MAX_SLUG_LENGTH);
  return slug || 'plan';
}

/**
 * The id after the highest one already used on `date` (YYYY-MM-DD). Numbers freed by a deleted plan
 * are not reused: branches, commits and milestone files may still carry the old id.
 */
export function nextSequenceId(existingIds: string[], date: string): string {
  const match = ISO_DATE.exec(date);
  if (!match || !isIsoDate(date))
    throw new RangeError(`date '${date}' is not a YYYY-MM-DD calendar day; pass e.g. 2026-01-17`);
  const prefix = `EP-${match[1]}${match[2]}${match[3]}-`;
  let highest = 0;
  for (const id of existingIds) {
    if (!id.startsWith(prefix) || !EXECPLAN_ID.test(id)) continue;
    highest = Math.max(highest, Number(id.slice(prefix.length)));
  }
  if (highest >= 999) {
    throw new RangeError(
      `all 999 ExecPlan ids of ${date} are taken (${prefix}999 exists); create the plan with the next day's date`,
    );
  }
  return `${prefix}${String(highest + 1).padStart(3, '0')}`;
}

/** 'EP-20260117-014_auth-refresh.md' for a plan file. */
export function execPlanFileName(id: string, slug: string): string {
  return `${id}_${slug}.md`;
}

const PLAN_FILE = /^(EP-\d{8}-\d{3})_(.+)\.md$/i;
const MILESTONE_FILE = /^(EP-\d{8}-\d{3})_(MS\d{3})_(.+)\.md$/i;

/** Id and slug from a plan file's name or path; null when the name does not follow the convention or is a milestone file. */
export function parsePlanFileName(name: string): { planId: string; slug: string } | null {
  const base = baseName(name);
  if (MILESTONE_FILE.test(base)) return null;
  const match = PLAN_FILE.exec(base);
  if (!match || !isExecPlanId(match[1]!) || !isSlug(match[2]!)) return null;
  return { planId: match[1]!, slug: match[2]! };
}

/** 'EP-20260117-014_MS001_auth-refresh.md' (or a path ending in it) → plan id, milestone number and slug. */
export function parseMilestoneFileName(name: string): { planId: string; milestone: string; slug: string } | null {
  const match = MILESTONE_FILE.exec(baseName(name));
  if (!match || !isExecPlanId(match[1]!) || match[2] === 'MS000' || !isSlug(match[3]!)) return null;
  return { planId: match[1]!, milestone: match[2]!, slug: match[3]! };
}

function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** Slugs in file names: letters, digits, '-', '_' and '.', not starting with a dot. */
function isSlug(slug: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(slug);
}
