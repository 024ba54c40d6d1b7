import type { CommandRule } from './types';
import { anyInvocation, hasShortFlag, programPattern, subcommandOf, type Invocation } from './shell-invocations';

/**
 * Commands that destroy or overwrite data: deleting trees, wiping disks, rewriting git history,
 * dropping tables, stopping the machine. All patterns are compiled once, at module load.
 */

// `git rm -r` removes files from the index as well as the tree; it is git's business, not `rm`'s.
const RM = programPattern(['rm'], String.raw`\bgit\s+`);
const CHMOD = programPattern(['chmod']);
const CHOWN = programPattern(['chown', 'chgrp']);
const DD = programPattern(['dd']);
const MKFS = programPattern([String.raw`mkfs(?:\.\w+)?`, 'mke2fs', 'mkswap', 'wipefs']);
const GIT = programPattern(['git']);
const KILL = programPattern(['kill']);
const SHUTDOWN = programPattern(['shutdown', 'reboot', 'poweroff', 'halt']);
const SYSTEMCTL = programPattern(['systemctl']);

/** Global options of git that take a value, so `git -C dir push` is still a push. */
const GIT_OPTIONS_WITH_VALUE = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'];

const isRecursiveRm = (rm: Invocation) => hasShortFlag(rm.args, 'rR') || rm.args.includes('--recursive');

/** Targets whose recursive deletion wipes the system, the home folder, everything here, or what lies above. */
function isSweepingTarget(arg: string): boolean {
  return (
    /^\/\*?$/.test(arg) || // / and /*
    /^~\/?\*?$/.test(arg) || // ~, ~/, ~/*
    /^\$\{?HOME\}?\/?\*?$/.test(arg) || // $HOME, ${HOME}/, $HOME/*
    arg === '*' ||
    arg === '.*' || // older shells expand .* to include ..
    /^\.\.(?:\/|$)/.test(arg) // .., ../, ../anything
  );
}

function gitSubcommand(invocation: Invocation): string | undefined {
  return subcommandOf(invocation.args, GIT_OPTIONS_WITH_VALUE);
}

const isForceArg = (arg: string) => /^--force(?:-with-lease|-if-includes)?(?:=.*)?$/.test(arg) || /^\+\S/.test(arg);

/** A shutdown verb used as a command (`shutdown -h now`, `reboot`), not as a noun ("graceful shutdown handler"). */
const isShutdownCall = (invocation: Invocation) => {
  const first = invocation.args[0];
  return first === undefined || first.startsWith('-') || first === 'now' || /^\+?\d+(?::\d+)?$/.test(first);
};

const WORLD_WRITABLE_MODE = /^(?:0?[0-7]?777|[ugoa]*[ao][ugoa]*[+=][rxXst]*w[rwxXst]*)$/;
const RAW_DEVICE = String.raw`/dev/(?:sd[a-z]|hd[a-z]|xvd[a-z]|vd[a-z]|nvme\d|mmcblk\d|disk\d)`;
const RAW_DEVICE_WRITE = new RegExp(String.raw`(?:(?<![=-])>>?\s*|\bof=|\btee\s+(?:-\S+\s+)*)["']?${RAW_DEVICE}`);
// The classic `:(){ :|:& };:` and the same shape under any function name.
// The lookbehind starts the name only at a word's beginning, which keeps the scan linear on long words.
const FORK_BOMB = /(?<![\w:])([\w:]+)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}\s*;\s*\1/;
const SQL_DROP = /\bDROP\s+(?:TABLE|DATABASE|SCHEMA)\b/i;
// `truncate -s 0 file` is the coreutils command, and "truncate long lines" is prose: only
// `TRUNCATE TABLE x` (any case) or an upper-case `TRUNCATE x` counts as SQL.
const SQL_TRUNCATE_UPPER = /(?<![\w-])TRUNCATE\s+(?:TABLE\s+)?[A-Za-z_"`[]/;
const SQL_TRUNCATE_TABLE = /\bTRUNCATE\s+TABLE\s+[\w"`[]/i;
// The statement ends right after the table name: no WHERE clause follows.
const SQL_DELETE_ALL = /\bDELETE\s+FROM\s+[\w."`[\]]+\s*(?=;|$|["'`)\n])/i;

export const DESTRUCTIVE_COMMAND_RULES: readonly CommandRule[] = [
  {
    id: 'command.rm-recursive-sweeping',
    level: 'CRITICAL',
    message:
      'deletes recursively from /, ~, $HOME, * or .. (rm -r on a sweeping target), which can wipe far more than intended',
    test: (text) => anyInvocation(text, RM, (rm) => isRecursiveRm(rm) && rm.args.some(isSweepingTarget)),
    supersedes: ['command.rm-recursive'],
  },
  {
    id: 'command.rm-recursive',
    level: 'HIGH',
    message: 'deletes files recursively with rm -r / rm -rf',
    test: (text) => anyInvocation(text, RM, isRecursiveRm),
  },
  {
    id: 'command.raw-device-write',
    level: 'CRITICAL',
    message: 'writes straight to a disk device (/dev/sd*, /dev/nvme*), destroying its filesystem',
    test: (text) => RAW_DEVICE_WRITE.test(text),
    supersedes: ['command.dd-write'],
  },
  {
    id: 'command.dd-write',
    level: 'CRITICAL',
    message: 'writes raw bytes with dd of=…, which overwrites its target without any check',
    test: (text) => anyInvocation(text, DD, (dd) => dd.args.some((arg) => arg.startsWith('of='))),
  },
  {
    id: 'command.mkfs',
    level: 'CRITICAL',
    message: 'creates or wipes a filesystem (mkfs, mkswap, wipefs), erasing what the device held',
    test: (text) => anyInvocation(text, MKFS, () => true),
  },
  {
    id: 'command.fork-bomb',
    level: 'CRITICAL',
    message: 'contains a fork bomb that starts processes until the machine stops responding',
    test: (text) => text.includes('()') && FORK_BOMB.test(text),
  },
  {
    id: 'command.git-reset-hard',
    level: 'MEDIUM',
    message: 'discards uncommitted changes with git reset --hard',
    test: (text) => anyInvocation(text, GIT, (git) => gitSubcommand(git) === 'reset' && git.args.includes('--hard')),
  },
  {
    id: 'command.git-clean',
    level: 'MEDIUM',
    message: 'deletes untracked files with git clean -f',
    test: (text) =>
      anyInvocation(
        text,
        GIT,
        (git) => gitSubcommand(git) === 'clean' && (hasShortFlag(git.args, 'f') || git.args.includes('--force')),
      ),
  },
  {
    id: 'command.git-force-push',
    level: 'HIGH',
    message: 'force-pushes with git, which can overwrite commits other people rely on',
    test: (text) =>
      anyInvocation(
        text,
        GIT,
        (git) => gitSubcommand(git) === 'push' && (hasShortFlag(git.args, 'f') || git.args.some(isForceArg)),
      ),
    needsNetwork: true,
    supersedes: ['command.git-push'],
  },
  {
    id: 'command.git-push',
    level: 'MEDIUM',
    message: 'pushes with git, which changes a remote repository',
    test: (text) => anyInvocation(text, GIT, (git) => gitSubcommand(git) === 'push'),
    needsNetwork: true,
  },
  {
    id: 'command.chmod-broad',
    level: 'MEDIUM',
    message: 'changes permissions recursively or makes files world-writable (chmod -R / chmod 777)',
    test: (text) =>
      anyInvocation(
        text,
        CHMOD,
        (chmod) =>
          hasShortFlag(chmod.args, 'R') ||
          chmod.args.includes('--recursive') ||
          chmod.args.some((arg) => WORLD_WRITABLE_MODE.test(arg)),
      ),
  },
  {
    id: 'command.chown-recursive',
    level: 'MEDIUM',
    message: 'changes file ownership recursively (chown -R)',
    test: (text) =>
      anyInvocation(text, CHOWN, (chown) => hasShortFlag(chown.args, 'R') || chown.args.includes('--recursive')),
  },
  {
    id: 'command.sql-drop',
    level: 'HIGH',
    message: 'drops a database, schema or table (DROP TABLE / DROP DATABASE)',
    test: (text) => SQL_DROP.test(text),
  },
  {
    id: 'command.sql-truncate',
    level: 'HIGH',
    message: 'empties a table with TRUNCATE',
    test: (text) => SQL_TRUNCATE_TABLE.test(text) || SQL_TRUNCATE_UPPER.test(text),
  },
  {
    id: 'command.sql-delete-all',
    level: 'HIGH',
    message: 'deletes every row of a table (DELETE FROM without WHERE)',
    test: (text) => SQL_DELETE_ALL.test(text),
  },
  {
    id: 'command.kill-all',
    level: 'HIGH',
    message: 'kills every process it may signal (kill -9 -1)',
    test: (text) => anyInvocation(text, KILL, (kill) => kill.args.length >= 2 && kill.args.at(-1) === '-1'),
  },
  {
    id: 'command.shutdown',
    level: 'HIGH',
    message: 'shuts down or reboots the machine',
    test: (text) =>
      anyInvocation(text, SHUTDOWN, isShutdownCall) ||
      anyInvocation(text, SYSTEMCTL, (ctl) => /^(?:reboot|poweroff|halt|kexec)$/.test(subcommandOf(ctl.args) ?? '')),
  },
];
