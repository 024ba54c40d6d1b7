import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors';
import type { CliContext } from './context';
import { printFindings, printJson, printPlan, printPlanList, table } from './output';
import { parseIdList, parseVersion } from './arguments';
import { registerRunCommands } from './run-commands';
import { registerLlmCommands } from './llm-commands';

/** Reads a plan file for import or validation; one clear line when it cannot. */
export function readPlanFile(file: string): { text: string; fileName: string } {
  try {
    return { text: readFileSync(file, 'utf8'), fileName: basename(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new InvalidInputError(`cannot read plan file '${file}': ${why}`);
  }
}

/** A plan file rather than a plan name: it has a path separator or a plan file extension. */
function looksLikeFile(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ya?ml|json|md)$/i.test(ref);
}

export function registerPlanCommands(program: Command, ctx: CliContext): void {
  const plan = program.command('plan').description('import, review, approve, run and manage plans');
  registerRunCommands(plan, ctx);
  registerLlmCommands(plan, ctx);

  plan
    .command('import <file>')
    .description(
      'import a plan file (Planbox YAML/JSON, Context Engine or TinyCode JSON); a name that exists gets a new version',
    )
    .option('-w, --workspace <dir>', 'the project folder the plan works on')
    .option('-n, --name <name>', 'store the plan under this name')
    .option('--draft', 'keep a plan with validation errors as a draft instead of refusing it')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { workspace?: string; name?: string; draft?: boolean; json?: boolean }) => {
      const result = await ctx.call('planImport', {
        ...readPlanFile(file),
        baseDir: dirname(resolve(file)),
        ...(opts.workspace ? { workspace: resolve(opts.workspace) } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.draft ? { draft: true } : {}),
      });
      if (opts.json) return printJson(ctx.out, result);
      const p = result.plan;
      const what = result.created
        ? 'imported'
        : result.versionWritten
          ? `updated to version ${p.version}`
          : `unchanged (still version ${p.version})`;
      ctx.out(`${p.name} ${what}: ${p.steps.length} steps, risk ${p.risk.level}, status ${p.status} (${p.id})`);
      if (result.format !== 'planbox') ctx.out(`converted from the ${result.format} format`);
      result.notes.forEach((note) => ctx.out(`note: ${note}`));
      if (result.dropped.length) ctx.out(`not kept (no place in a Planbox plan): ${result.dropped.join(', ')}`);
      if (p.validation.warnings.length || !p.validation.valid) printFindings(ctx.out, p.validation);
    });

  plan
    .command('list')
    .description('list plans (* marks the active one)')
    .option('-s, --status <status>', 'only plans in this status')
    .option('-t, --tag <tag>', 'only plans with this tag')
    .option('-q, --search <text>', 'only plans whose name or tags contain this text')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; tag?: string; search?: string; json?: boolean }) => {
      const plans = await ctx.call('planList', {
        ...(opts.status ? { status: opts.status as never } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        ...(opts.search ? { search: opts.search } : {}),
      });
      if (opts.json) return printJson(ctx.out, plans);
      printPlanList(ctx.out, plans);
    });

  plan
    .command('show [plan]')
    .description('a plan with its steps, risk and reasons, approvals and progress')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { json?: boolean }) => {
      const view = await ctx.call('planGet', { plan: ref });
      if (opts.json) return printJson(ctx.out, view);
      printPlan(ctx.out, view);
    });

  plan
    .command('use <plan>')
    .description('make a plan the active one (commands default to it)')
    .action(async (ref: string) => {
      const summary = await ctx.call('planUse', { plan: ref });
      ctx.out(`active plan: ${summary.name} (${summary.id})`);
    });

  plan
    .command('validate [planOrFile]')
    .description('validate a stored plan, or a plan file without importing it')
    .option('-w, --workspace <dir>', 'with a file: also check its paths against this project folder (symlinks)')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { workspace?: string; json?: boolean }) => {
      const isFile = ref !== undefined && (looksLikeFile(ref) || (existsSync(ref) && statSync(ref).isFile()));
      const report = isFile
        ? await ctx.call('planValidateText', {
            ...readPlanFile(ref),
            ...(opts.workspace ? { workspace: resolve(opts.workspace) } : {}),
          })
        : await ctx.call('planValidate', { plan: ref });
      if (opts.json) printJson(ctx.out, report);
      else printFindings(ctx.out, report);
      if (!report.valid) ctx.exitCode = 1;
    });

  const decision = (
    name: string,
    method: 'planApprove' | 'planReject' | 'planRequestChanges',
    what: string,
    needsComment: boolean,
  ) =>
    plan
      .command(`${name} [plan]`)
      .description(what)
      .option('--steps <ids>', 'only these steps (comma-separated ids)', parseIdList)
      .option('-c, --comment <text>', needsComment ? 'why (required)' : 'a note kept with the approval')
      .option('--json', 'print JSON')
      .action(async (ref: string | undefined, opts: { steps?: string[]; comment?: string; json?: boolean }) => {
        if (needsComment && !opts.comment) throw new InvalidInputError(`plan ${name} needs --comment saying why`);
        const view = await ctx.call(method, { plan: ref, steps: opts.steps, comment: opts.comment } as never);
        if (opts.json) return printJson(ctx.out, view);
        const target = opts.steps ? `steps ${opts.steps.join(', ')} of ${view.name}` : view.name;
        ctx.out(
          `${target}: ${name === 'approve' ? 'approved' : name === 'reject' ? 'rejected' : 'changes requested'} (plan status ${view.status}, version ${view.version})`,
        );
        const waiting = view.steps.filter((s) => s.approval === 'required');
        if (name === 'approve' && waiting.length) {
          ctx.out(`still needing their own approval: ${waiting.map((s) => `${s.id} (${s.risk.level})`).join(', ')}`);
        }
      });
  decision('approve', 'planApprove', 'approve the plan, or single steps with --steps', false);
  decision('reject', 'planReject', 'reject the plan, or single steps with --steps', true);
  decision('request-changes', 'planRequestChanges', 'ask for changes to the plan, or to single steps', true);

  plan
    .command('history [plan]')
    .description('the versions of a plan')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { json?: boolean }) => {
      const versions = await ctx.call('planHistory', { plan: ref });
      if (opts.json) return printJson(ctx.out, versions);
      const rows = [['', 'VERSION', 'REASON', 'RISK', 'BY', 'WHEN', 'NOTE']];
      for (const v of versions)
        rows.push([
          v.current ? '*' : '',
          `v${v.version}`,
          v.reason,
          v.riskLevel,
          `${v.actor} (${v.surface})`,
          v.createdAt,
          v.note ?? '',
        ]);
      table(rows).forEach((l) => ctx.out(l));
    });

  plan
    .command('compare <from> <to>')
    .description('compare two versions: steps added, removed and changed, risk and scope changes')
    .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, opts: { plan?: string; json?: boolean }) => {
      const c = await ctx.call('planCompare', { plan: opts.plan, from: parseVersion(from), to: parseVersion(to) });
      if (opts.json) return printJson(ctx.out, c);
      ctx.out(
        `v${c.fromVersion} → v${c.toVersion}: ${c.stepsAdded.length} added, ${c.stepsRemoved.length} removed, ${c.stepsChanged.length} changed, ${c.unchanged} unchanged`,
      );
      c.stepsAdded.forEach((s) => ctx.out(`  + ${s.id}: ${s.title}`));
      c.stepsRemoved.forEach((s) => ctx.out(`  - ${s.id}: ${s.title}`));
      c.stepsChanged.forEach((s) => ctx.out(`  ~ ${s.id}: ${s.fields.join(', ')}`));
      c.stepsMoved.forEach((s) => ctx.out(`  ↕ ${s.id}: position ${s.from} → ${s.to}`));
      c.riskChanges.forEach((r) => ctx.out(`  risk ${r.stepId ?? '(plan)'}: ${r.from ?? 'none'} → ${r.to ?? 'none'}`));
      c.scopeChanges.forEach((s) => ctx.out(`  changed ${s.field}`));
    });

  plan
    .command('restore-version <version>')
    .description('restore an earlier version as a new version (it needs approval again)')
    .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
    .action(async (version: string, opts: { plan?: string }) => {
      const view = await ctx.call('planRestoreVersion', { plan: opts.plan, version: parseVersion(version) });
      ctx.out(`${view.name}: version ${version} restored as version ${view.version} (status ${view.status})`);
    });

  plan
    .command('export [plan]')
    .description('write the plan as YAML, JSON or a Mermaid diagram')
    .requiredOption('-f, --format <format>', 'yaml | json | mermaid | mermaid-gantt')
    .option('--plan-version <n>', 'an earlier version instead of the current one', parseVersion)
    .action(async (ref: string | undefined, opts: { format: string; planVersion?: number }) => {
      const result = await ctx.call('planExport', {
        plan: ref,
        format: opts.format as never,
        version: opts.planVersion,
      });
      process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    });

  plan
    .command('delete <plan>')
    .description('delete a plan, its versions and its runtime state (the audit log keeps its history)')
    .action(async (ref: string) => {
      const deleted = await ctx.call('planDelete', { plan: ref });
      ctx.out(`deleted ${deleted.name} (${deleted.id})`);
    });

  plan
    .command('clean')
    .description('delete completed and archived plans')
    .action(async () => {
      const { deleted } = await ctx.call('planClean', {});
      ctx.out(deleted.length ? `deleted ${deleted.map((d) => d.name).join(', ')}` : 'nothing to clean');
    });
}
