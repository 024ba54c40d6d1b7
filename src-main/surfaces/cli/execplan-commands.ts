import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { InvalidInputError } from '../../domain/errors';
import {
  EXECPLAN_DOMAINS,
  EXECPLAN_KINDS,
  execPlanProgress,
  nextSequenceId,
  parseExecPlan,
  renderSkeleton,
  slugify,
  validateExecPlan,
  type ExecPlanFinding,
} from '../../execplan';
import {
  buildRegistry,
  EXEC_PLANS_DIR,
  existingPlanIds,
  updateRegistry,
  type RegistryResult,
} from '../../execplan/registry';
import type { CliContext } from './context';
import { printJson } from './output';

/**
 * `planbox execplan …`: ExecPlan markdown files on disk. These are file tools: they work without
 * the Planbox database and call the execplan functions directly (importing an ExecPlan as a plan
 * is `planbox plan import FILE.md`).
 */

export function registerExecPlanCommands(program: Command, ctx: CliContext): void {
  const execplan = program
    .command('execplan')
    .description('ExecPlan markdown files: create, validate, show progress, keep .agent/exec_plans/registry.json');

  execplan
    .command('new <title>')
    .description('write a new ExecPlan at .agent/exec_plans/<slug>/EP-YYYYMMDD-NNN_<slug>.md and print its path')
    .option('--slug <slug>', 'short folder and file name hint (default: from the title)', parseSlug)
    .option('--owner <handle>', 'who owns the plan, e.g. @me (default: @ and your user name)')
    .addOption(new Option('--kind <kind>', 'what kind of work').choices(EXECPLAN_KINDS).default('feature'))
    .addOption(
      new Option('--domain <domain>', 'which part of the system').choices(EXECPLAN_DOMAINS).default('cross-cutting'),
    )
    .option('--root <dir>', 'the project folder holding .agent/ (default: the current folder)')
    .option('--json', 'print JSON')
    .action(
      (
        title: string,
        opts: { slug?: string; owner?: string; kind: string; domain: string; root?: string; json?: boolean },
      ) => {
        if (!title.trim()) throw new InvalidArgumentError('the title must not be empty');
        const slug = opts.slug ?? slugify(title);
        if (!slug)
          throw new InvalidInputError(`cannot make a file name from the title '${title}'; give one with --slug`);
        const root = resolve(opts.root ?? '.');
        const date = new Date().toISOString().slice(0, 10);
        const id = nextSequenceId(existingPlanIds(root), date);
        const file = join(root, EXEC_PLANS_DIR, slug, `${id}_${slug}.md`);
        const owner = ownerHandle(opts.owner);
        const text = renderSkeleton({
          id,
          title: title.trim(),
          slug,
          owner,
          kind: opts.kind,
          domain: opts.domain,
          date,
        });
        mkdirSync(join(root, EXEC_PLANS_DIR, slug), { recursive: true });
        try {
          writeFileSync(file, text, { flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST')
            throw new InvalidInputError(`${file} already exists; it was left as it is`);
          throw error;
        }
        if (opts.json) return printJson(ctx.out, { id, path: file, slug });
        ctx.out(displayPath(file));
      },
    );

  execplan
    .command('validate <paths...>')
    .description('check ExecPlan files (a folder means every EP-*.md under it); exit 1 on errors')
    .option('--strict', 'treat warnings (placeholders, vague wording, …) as errors')
    .option('--json', 'print JSON')
    .action((paths: string[], opts: { strict?: boolean; json?: boolean }) => {
      const files = expandPaths(paths, ctx);
      const results = files.map((file) => {
        const text = readExecPlanFile(file, ctx);
        if (text === null) return null;
        const findings = validateExecPlan(parseExecPlan(text), {
          fileName: displayPath(file),
          ...(opts.strict ? { strict: true } : {}),
        });
        return { file, findings };
      });
      const checked = results.filter((r): r is { file: string; findings: ExecPlanFinding[] } => r !== null);
      const errors = checked.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
      const warnings = checked.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
      if (errors > 0 || (opts.strict && warnings > 0)) ctx.exitCode = 1;
      if (checked.length === 0) return;
      if (opts.json) {
        return printJson(ctx.out, {
          valid: ctx.exitCode === 0,
          errors,
          warnings,
          files: checked.map((r) => ({ file: r.file, findings: r.findings })),
        });
      }
      // Messages start with the file and line already.
      let lastHint = '';
      for (const f of checked.flatMap((r) => r.findings)) {
        ctx.out(`${f.severity.padEnd(7)} ${f.message} [${f.rule}]`);
        // A hint repeated for every placeholder of a skeleton says nothing new after the first.
        if (f.hint && f.hint !== lastHint) ctx.out(`        hint: ${f.hint}`);
        lastHint = f.hint;
      }
      const verdict = ctx.exitCode === 0 ? 'valid' : 'invalid';
      ctx.out(`${verdict}: ${checked.length} file(s), ${errors} error(s), ${warnings} warning(s)`);
    });

  execplan
    .command('progress <file>')
    .description("an ExecPlan's Progress: done, partly done and remaining items, and what is next")
    .option('--json', 'print JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const text = readExecPlanFile(file, null)!;
      const progress = execPlanProgress(parseExecPlan(text));
      if (opts.json) return printJson(ctx.out, { file, ...progress });
      ctx.out(
        `${displayPath(file)}: ${progress.done} of ${progress.total} done (${progress.percent}%), ${progress.partial} partly done, ${progress.remaining} remaining`,
      );
      for (const item of progress.items) {
        const mark = item.checked ? 'x' : item.partial ? '~' : ' ';
        ctx.out(
          `  [${mark}] ${item.text}${item.timestamp && !item.text.includes(item.timestamp) ? ` (${item.timestamp})` : ''}`,
        );
      }
      ctx.out(progress.next ? `next: ${progress.next.text} (line ${progress.next.line})` : 'next: nothing left to do');
    });

  const registry = execplan
    .command('registry')
    .description('keep .agent/exec_plans/registry.json: one entry per ExecPlan, with its milestones');
  const registryAction = (update: boolean) => (opts: { root?: string; json?: boolean }) => {
    const root = resolve(opts.root ?? '.');
    const result = update ? updateRegistry(root) : buildRegistry(root);
    if (result.findings.some((f) => f.severity === 'error')) ctx.exitCode = 1;
    if (opts.json) return printJson(ctx.out, result);
    printRegistry(ctx, result);
  };
  registry
    .command('build')
    .description('read every ExecPlan and milestone and write registry.json')
    .option('--root <dir>', 'the project folder holding .agent/ (default: the current folder)')
    .option('--json', 'print JSON')
    .action(registryAction(false));
  registry
    .command('update')
    .description('like build, reading again only the files that changed since the last build or update')
    .option('--root <dir>', 'the project folder holding .agent/ (default: the current folder)')
    .option('--json', 'print JSON')
    .action(registryAction(true));
}

function printRegistry(ctx: CliContext, result: RegistryResult): void {
  for (const f of result.findings) {
    ctx.out(`${f.path}${f.line !== null ? `:${f.line}` : ''}: ${f.severity} ${f.rule}: ${f.message}`);
  }
  if (result.findings.some((f) => f.rule === 'registry.no-folder')) return;
  const milestones = result.registry.plans.reduce((n, p) => n + p.milestones.length, 0);
  ctx.out(
    `${displayPath(result.registryPath)}: ${result.registry.plans.length} plan(s), ${milestones} milestone(s); ` +
      `${result.written ? 'written' : 'unchanged'} (read ${result.reread} of ${result.scanned} file(s))`,
  );
}

function parseSlug(value: string): string {
  if (!/^[a-z0-9][a-z0-9_.-]*$/i.test(value) || value.length > 64)
    throw new InvalidArgumentError(
      `'${value}' is not a usable slug; use letters, digits, dash, dot or underscore (at most 64), e.g. auth-refresh`,
    );
  return value;
}

function ownerHandle(given: string | undefined): string {
  if (given?.trim()) return given.trim().startsWith('@') ? given.trim() : `@${given.trim()}`;
  try {
    return `@${userInfo().username}`;
  } catch {
    return '@me';
  }
}

/** Files as given, folders as every EP-*.md under them. A path that does not exist is reported once. */
function expandPaths(paths: string[], ctx: CliContext): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      files.push(path); // reported when read
      continue;
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const found = (readdirSync(path, { recursive: true }) as string[])
      .filter((name) => /^EP-.*\.md$/i.test(basename(name)))
      .sort()
      .map((name) => join(path, name));
    if (found.length === 0) {
      ctx.err(`planbox: no EP-*.md files under '${path}'`);
      ctx.exitCode = 1;
    }
    files.push(...found);
  }
  return files;
}

/**
 * The file's text; one line on stderr when it cannot be read. With no context to report to, the
 * problem is thrown (the command stops with exit code 1).
 */
function readExecPlanFile(file: string, ctx: CliContext | null): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    const message = `cannot read ExecPlan '${file}': ${why}`;
    if (!ctx) throw new InvalidInputError(message);
    ctx.err(`planbox: ${message}`);
    ctx.exitCode = 1;
    return null;
  }
}

/** Relative to the current folder when inside it, else absolute. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel && !rel.startsWith('..') ? rel : resolve(file);
}
