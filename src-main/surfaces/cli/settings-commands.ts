import type { Command } from 'commander';
import type { CliContext } from './context';
import { printJson, table } from './output';

export function registerSettingsCommands(program: Command, ctx: CliContext): void {
  const settings = program
    .command('settings')
    .description("Planbox's settings (sandbox limits, Docker address, agent self-approval)");
  settings
    .command('list')
    .description('every setting with its value and default')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await ctx.call('settingsList', {});
      if (opts.json) return printJson(ctx.out, list);
      const show = (v: unknown) => (v === null ? '(none)' : String(v));
      table([
        ['KEY', 'VALUE', 'DEFAULT', 'ALLOWED'],
        ...list.map((s) => [s.key, show(s.value), show(s.default), s.describe]),
      ]).forEach((l) => ctx.out(l));
    });
  settings
    .command('set <key> <value>')
    .description("change a setting; an empty value ('') restores the default where there is one")
    .action(async (key: string, value: string) => {
      const setting = await ctx.call('settingsSet', { key, value });
      ctx.out(`${setting.key} = ${setting.value === null ? '(none)' : String(setting.value)}`);
    });
}
