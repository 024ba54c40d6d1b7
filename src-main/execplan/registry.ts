import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { parseExecPlan, parseMilestoneFileName, parsePlanFileName, type ExecPlanDocument } from './index';

/**
 * `.agent/exec_plans/registry.json`: one entry per ExecPlan, taken from its YAML front matter (the
 * registry's source of truth), with the plan's milestones. Problems in the files are reported as
 * findings; the registry lists what could be read.
 *
 * `updateRegistry` keeps a cache beside the registry (`.registry-cache.json`) holding, per file,
 * its size, mtime, SHA-256 and the entry read from it. A file whose size and mtime are unchanged is
 * not opened; one whose mtime changed but whose hash did not is not parsed again. The cache is a
 * separate file so registry.json holds nothing machine-specific (mtimes differ between clones) and
 * stays byte-identical wherever it is built.
 */

export const EXEC_PLANS_DIR = join('.agent', 'exec_plans');
export const REGISTRY_FILE = 'registry.json';
export const REGISTRY_CACHE_FILE = '.registry-cache.json';
const CACHE_VERSION = 1;

export interface RegistryMilestone {
  id: string;
  title: string | null;
  status: string | null;
  path: string;
}

export interface RegistryEntry {
  id: string;
  title: string | null;
  status: string | null;
  kind: string | null;
  domain: string | null;
  owner: string | null;
  created: string | null;
  updated: string | null;
  tags: string[];
  path: string;
  depends_on: string[];
  supersedes: string[];
  milestones: RegistryMilestone[];
}

export interface Registry {
  version: 1;
  plans: RegistryEntry[];
}

export interface RegistryFinding {
  severity: 'error' | 'warning';
  rule: string;
  /** The file concerned, relative to the root (POSIX). */
  path: string;
  line: number | null;
  message: string;
}

export interface RegistryResult {
  /** Absolute path of registry.json. */
  registryPath: string;
  registry: Registry;
  findings: RegistryFinding[];
  /** False when registry.json already had exactly this content (or could not be written). */
  written: boolean;
  /** Files found (plans and milestones). */
  scanned: number;
  /** Files whose content was read again because size, mtime or hash changed. */
  reread: number;
}

/** Reads every ExecPlan and milestone under `<root>/.agent/exec_plans/` and writes registry.json. */
export function buildRegistry(root: string): RegistryResult {
  return runRegistry(root, null);
}

/** Like buildRegistry, but reads again only files that changed since the last build or update. */
export function updateRegistry(root: string): RegistryResult {
  return runRegistry(root, readCache(join(root, EXEC_PLANS_DIR, REGISTRY_CACHE_FILE)));
}

type FileKind = 'plan' | 'milestone';

interface FileRecord {
  kind: FileKind;
  size: number;
  mtimeMs: number;
  sha256: string;
  /** What the file says about itself; null when it says nothing usable (no front matter, no id). */
  facts: FileFacts | null;
  /** Problems found in this file alone (cross-file ones are computed on every run). */
  findings: RegistryFinding[];
}

/** What one file says about its plan; the registry adds where it lives and its milestones. */
type FileFacts = Omit<RegistryEntry, 'path' | 'milestones'>;

interface Cache {
  version: number;
  files: Record<string, FileRecord>;
}

interface FoundFile {
  /** Relative to the root, POSIX. */
  path: string;
  kind: FileKind;
}

function runRegistry(root: string, cache: Cache | null): RegistryResult {
  const plansDir = join(root, EXEC_PLANS_DIR);
  const registryPath = join(plansDir, REGISTRY_FILE);
  const empty: Registry = { version: 1, plans: [] };
  if (!isDirectory(plansDir)) {
    const finding: RegistryFinding = {
      severity: 'error',
      rule: 'registry.no-folder',
      path: toPosix(EXEC_PLANS_DIR),
      line: null,
      message: `there is no ${toPosix(EXEC_PLANS_DIR)} folder under ${root}; create a plan first (planbox execplan new "Title" --root ${root})`,
    };
    return { registryPath, registry: empty, findings: [finding], written: false, scanned: 0, reread: 0 };
  }

  const found = findExecPlanFiles(root);
  const scanFindings = found.findings;
  const records = new Map<string, FileRecord>();
  let reread = 0;
  for (const file of found.files) {
    const { record, read } = readRecord(root, file, cache?.files[file.path]);
    if (read) reread++;
    records.set(file.path, record);
  }

  const { registry, findings } = assemble(records);
  const allFindings = sortFindings([...scanFindings, ...[...records.values()].flatMap((r) => r.findings), ...findings]);
  const written = writeIfChanged(registryPath, `${JSON.stringify(registry, null, 2)}\n`);
  const nextCache: Cache = { version: CACHE_VERSION, files: Object.fromEntries(records) };
  writeIfChanged(join(plansDir, REGISTRY_CACHE_FILE), `${JSON.stringify(nextCache)}\n`);
  return { registryPath, registry, findings: allFindings, written, scanned: found.files.length, reread };
}

/**
 * Every `EP-*.md` under `.agent/exec_plans/`: plans anywhere, milestones in a plan folder's
 * `milestones/active/` or `milestones/archive/…` (named `EP-YYYYMMDD-NNN_MS###_<slug>.md`).
 */
export function findExecPlanFiles(root: string): { files: FoundFile[]; findings: RegistryFinding[] } {
  const base = join(root, EXEC_PLANS_DIR);
  const files: FoundFile[] = [];
  const findings: RegistryFinding[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      findings.push(unreadable(relPath(root, dir), error));
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (!entry.isFile() || !/^EP-.*\.md$/i.test(entry.name)) continue;
      const path = relPath(root, full);
      const inMilestones = /(^|\/)milestones\/(active|archive)(\/|$)/.test(posix.dirname(path));
      if (parseMilestoneFileName(entry.name)) {
        if (inMilestones) files.push({ path, kind: 'milestone' });
        else
          findings.push({
            severity: 'warning',
            rule: 'registry.milestone-location',
            path,
            line: null,
            message: `${entry.name} is named as a milestone but is not in a milestones/active/ or milestones/archive/ folder; move it there or it is left out of the registry`,
          });
      } else if (inMilestones) {
        findings.push({
          severity: 'warning',
          rule: 'registry.milestone-name',
          path,
          line: null,
          message: `${entry.name} is in a milestones folder but not named EP-YYYYMMDD-NNN_MS###_<slug>.md; rename it or it is left out of the registry`,
        });
      } else files.push({ path, kind: 'plan' });
    }
  };
  walk(base);
  files.sort((a, b) => compareText(a.path, b.path));
  return { files, findings };
}

/** The ids of the plans under `<root>/.agent/exec_plans/`, read from file names only (fast). */
export function existingPlanIds(root: string): string[] {
  if (!isDirectory(join(root, EXEC_PLANS_DIR))) return [];
  return findExecPlanFiles(root)
    .files.filter((f) => f.kind === 'plan')
    .map((f) => idFromFileName(posix.basename(f.path)))
    .filter((id): id is string => id !== null);
}

function readRecord(
  root: string,
  file: FoundFile,
  cached: FileRecord | undefined,
): { record: FileRecord; read: boolean } {
  const full = join(root, ...file.path.split('/'));
  let stats;
  try {
    stats = statSync(full);
  } catch (error) {
    return { record: failedRecord(file, unreadable(file.path, error)), read: true };
  }
  if (cached && cached.kind === file.kind && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) {
    return { record: cached, read: false };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch (error) {
    return { record: failedRecord(file, unreadable(file.path, error)), read: true };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (cached && cached.kind === file.kind && cached.sha256 === sha256) {
    return { record: { ...cached, size: stats.size, mtimeMs: stats.mtimeMs }, read: true };
  }
  const { facts, findings } = readFacts(file, bytes.toString('utf8'));
  return { record: { kind: file.kind, size: stats.size, mtimeMs: stats.mtimeMs, sha256, facts, findings }, read: true };
}

function failedRecord(file: FoundFile, finding: RegistryFinding): FileRecord {
  return { kind: file.kind, size: -1, mtimeMs: -1, sha256: '', facts: null, findings: [finding] };
}

/**
 * The registry needs the front matter and the title only, so the parser is given the head of the
 * file: the front matter alone, and only when that names no title, also the lines up to the first
 * top-level heading. A 50 KB plan costs what its first lines cost (most of it the YAML); the rest
 * of the document cannot change any registry field.
 */
export function registryHead(text: string, withTitle = true): string {
  const afterFrontMatter = /^(?:\uFEFF)?---[ \t]*\r?\n/.test(text) ? closingFrontMatter(text) : 0;
  if (!withTitle && afterFrontMatter > 0) return text.slice(0, afterFrontMatter);
  const match = /^# .*$/m.exec(text.slice(afterFrontMatter));
  if (!match) return text;
  return `${text.slice(0, afterFrontMatter + match.index + match[0].length)}\n`;
}

/** Offset just after the front matter's closing `---` line, or the whole text if it is never closed. */
function closingFrontMatter(text: string): number {
  const close = /^---[ \t]*\r?$/gm;
  close.lastIndex = text.indexOf('\n') + 1;
  const match = close.exec(text);
  if (!match) return text.length;
  const lineEnd = text.indexOf('\n', match.index);
  return lineEnd === -1 ? text.length : lineEnd + 1;
}

function parseHead(text: string): ExecPlanDocument {
  const frontMatterOnly = parseExecPlan(registryHead(text, false));
  const title = frontMatterOnly.frontMatter.data?.title;
  return typeof title === 'string' && title.trim() ? frontMatterOnly : parseExecPlan(registryHead(text));
}

function readFacts(file: FoundFile, text: string): { facts: FileFacts | null; findings: RegistryFinding[] } {
  const doc = parseHead(text);
  const findings: RegistryFinding[] = [];
  const name = posix.basename(file.path);
  const fm = doc.frontMatter;
  const fromName = file.kind === 'plan' ? idFromFileName(name) : milestoneIdFromFileName(name);
  if (fm.error || !fm.data) {
    findings.push({
      severity: 'error',
      rule: 'registry.front-matter',
      path: file.path,
      line: fm.error ? fm.errorLine || 1 : 1,
      message: fm.error
        ? `the YAML front matter cannot be read (${fm.error}); fix it, the file is left out of the registry`
        : 'the file does not start with YAML front matter (--- … ---); add it, the file is left out of the registry',
    });
    if (file.kind === 'plan' || !fromName) return { facts: null, findings };
  }
  const data = fm.data ?? {};
  const declared = text_(data.id);
  const id = file.kind === 'plan' ? declared : (fromName ?? declared);
  if (!id) {
    findings.push({
      severity: 'error',
      rule: 'registry.missing-id',
      path: file.path,
      line: fm.startLine || 1,
      message: 'the front matter has no id; add `id: EP-YYYYMMDD-NNN` matching the file name',
    });
    return { facts: null, findings };
  }
  if (
    declared &&
    fromName &&
    declared !== fromName &&
    !(file.kind === 'milestone' && declared === fromName.split('/')[0])
  ) {
    findings.push({
      severity: 'error',
      rule: 'registry.id-mismatch',
      path: file.path,
      line: fm.startLine || 1,
      message: `the front matter id ${declared} does not match the file name (${fromName}); correct whichever is wrong (an id that others already use should stay, and the file be renamed)`,
    });
  } else if (file.kind === 'plan' && !fromName) {
    findings.push({
      severity: 'error',
      rule: 'registry.id-mismatch',
      path: file.path,
      line: null,
      message: `the file name does not follow EP-YYYYMMDD-NNN_<slug>.md; rename it to ${declared}_<slug>.md`,
    });
  }
  return {
    facts: {
      id,
      title: text_(data.title) ?? doc.title?.text ?? null,
      status: text_(data.status),
      kind: text_(data.kind),
      domain: text_(data.domain),
      owner: text_(data.owner),
      created: dateText(data.created),
      updated: dateText(data.updated),
      tags: list(data.tags),
      depends_on: list(data.depends_on),
      supersedes: list(data.supersedes),
    },
    findings,
  };
}

function assemble(records: Map<string, FileRecord>): { registry: Registry; findings: RegistryFinding[] } {
  const findings: RegistryFinding[] = [];
  const plans: RegistryEntry[] = [];
  const milestones: { path: string; planId: string; record: FileRecord; facts: FileFacts }[] = [];
  for (const [path, record] of records) {
    if (!record.facts) continue;
    if (record.kind === 'plan') {
      const { tags, depends_on, supersedes, ...scalars } = record.facts;
      plans.push({ ...scalars, tags, path, depends_on, supersedes, milestones: [] });
    } else {
      milestones.push({ path, planId: record.facts.id.split('/')[0]!, record, facts: record.facts });
    }
  }
  plans.sort((a, b) => compareText(a.id, b.id) || compareText(a.path, b.path));

  const byId = new Map<string, RegistryEntry[]>();
  for (const plan of plans) byId.set(plan.id, [...(byId.get(plan.id) ?? []), plan]);
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    for (const plan of same) {
      const others = same.filter((p) => p !== plan).map((p) => p.path);
      findings.push({
        severity: 'error',
        rule: 'registry.duplicate-id',
        path: plan.path,
        line: null,
        message: `the id ${id} is also used by ${others.join(', ')}; ids are unique, give one of them the next free id`,
      });
    }
  }

  for (const m of milestones) {
    const candidates = byId.get(m.planId) ?? [];
    // A milestone belongs to the plan whose folder holds its milestones/ folder.
    const owner =
      candidates.find((p) => m.path.startsWith(`${posix.dirname(p.path)}/milestones/`)) ?? candidates[0] ?? null;
    const status = m.facts.status ?? (m.path.includes('/milestones/archive/') ? 'archived' : 'active');
    if (!owner) {
      findings.push({
        severity: 'warning',
        rule: 'registry.orphan-milestone',
        path: m.path,
        line: null,
        message: `milestone ${m.facts.id} belongs to plan ${m.planId}, which is not in the registry; fix or add that plan`,
      });
      continue;
    }
    owner.milestones.push({ id: m.facts.id, title: m.facts.title, status, path: m.path });
  }
  for (const plan of plans) plan.milestones.sort((a, b) => compareText(a.id, b.id) || compareText(a.path, b.path));
  return { registry: { version: 1, plans }, findings };
}

function readCache(file: string): Cache | null {
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as Cache;
    return cache.version === CACHE_VERSION && typeof cache.files === 'object' && cache.files ? cache : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file, and only when the content differs: a second run changes nothing. */
function writeIfChanged(file: string, content: string): boolean {
  try {
    if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
}

function idFromFileName(name: string): string | null {
  return parsePlanFileName(name)?.planId ?? null;
}

function milestoneIdFromFileName(name: string): string | null {
  const parsed = parseMilestoneFileName(name);
  return parsed ? `${parsed.planId}/${parsed.milestone}` : null;
}

function text_(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return null;
}

function dateText(value: unknown): string | null {
  return value instanceof Date ? value.toISOString().slice(0, 10) : text_(value);
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return [];
  return value.map(text_).filter((v): v is string => v !== null);
}

function unreadable(path: string, error: unknown): RegistryFinding {
  return {
    severity: 'error',
    rule: 'registry.unreadable',
    path,
    line: null,
    message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  };
}

function sortFindings(findings: RegistryFinding[]): RegistryFinding[] {
  return findings.sort(
    (a, b) => compareText(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.rule, b.rule),
  );
}

/** Code-unit order, not locale order: the same bytes on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function relPath(root: string, full: string): string {
  return toPosix(relative(root, full));
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
