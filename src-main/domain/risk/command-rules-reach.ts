import type { CommandRule } from './types';
import {
  anyInvocation,
  findInvocations,
  isFlag,
  programPattern,
  subcommandOf,
  type Invocation,
} from './shell-invocations';
import { hasParentSegment, isInsideSandboxWorkspace } from './workspace-path';

/**
 * Commands that reach beyond the step: run code nobody reviewed, gain privileges, use the network,
 * install or publish packages, read secrets, write outside the workspace.
 */

const SHELLS = String.raw`(?:(?:/[\w.-]+)+/)?(?:ba|z|k|da|fi)?sh|python[\d.]*|perl|ruby|node|php`;
const PIPE = String.raw`(?<!\|)\|(?![|&])`;
const AS_ROOT = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?`;
/** `| sh`, `| sudo bash`, `| python3`: the end of a pipeline that runs whatever it is fed. */
const INTO_INTERPRETER = new RegExp(String.raw`${PIPE}\s*${AS_ROOT}(?:${SHELLS})(?![\w.-])`, 'g');
const DOWNLOADER = /(?<![\w.$/-])(?:curl|wget)\b/;
const DECODER = /\bbase64\s+(?:-\S+\s+)*(?:-d|-D|--decode)\b/;
// bash <(curl …), sh -c "$(wget -O- …)", eval "$(curl …)"
const SUBSTITUTED_DOWNLOAD = /(?:(?:ba|z|da)?sh\s+(?:-c\s+)?|eval\s+)["']?[<$]\(\s*(?:curl|wget)\b/;

/**
 * True when a pipeline feeding an interpreter starts with `source` (curl, base64 -d). The text
 * is searched from each `| sh` back to the previous one or the start of the command, never
 * further, so the scan stays linear however long the text is.
 */
function pipesIntoInterpreter(text: string, source: RegExp): boolean {
  if (!text.includes('|')) return false;
  let segmentStart = 0;
  for (const match of text.matchAll(INTO_INTERPRETER)) {
    const before = text.slice(segmentStart, match.index);
    const commandStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf(';')) + 1;
    if (source.test(before.slice(commandStart))) return true;
    segmentStart = match.index + match[0].length;
  }
  return false;
}

const PRIVILEGE = programPattern(['sudo', 'doas', 'su', 'pkexec']);
const EVAL = programPattern(['eval']);
const NETWORK_TOOLS = programPattern(['curl', 'wget', 'ssh', 'scp', 'sftp', 'nc', 'ncat', 'netcat', 'telnet', 'ftp']);
const RSYNC = programPattern(['rsync']);
const NODE_MANAGERS = programPattern(['npm', 'pnpm', 'yarn', 'bun']);
const PIP = programPattern([String.raw`pip[\d.]*`, 'pipx']);
const PYTHON = programPattern([String.raw`python[\d.]*`]);
const APT = programPattern(['apt', 'apt-get', 'aptitude', 'apk', 'yum', 'dnf']);
const CARGO = programPattern(['cargo']);
const GO = programPattern(['go']);
const GEM = programPattern(['gem']);
const DOCKER = programPattern(['docker', 'podman']);
const TWINE = programPattern(['twine']);
const POETRY = programPattern(['poetry']);
const TEE = programPattern(['tee']);

// `=>` and `->` are arrows in code an agent instruction may quote, not redirects.
const REDIRECT_TARGET = /(?<![=-])>>?\|?\s*["']?([^\s;&|<>"'`)]+)/g;

const NODE_OPTIONS_WITH_VALUE = [
  '--prefix',
  '-C',
  '--dir',
  '--cwd',
  '--filter',
  '-F',
  '--workspace',
  '-w',
  '--registry',
];
// npm itself accepts the 'isntall' misspelling as an alias of install.
const NODE_INSTALL_WORDS = ['install', 'i', 'add', 'ci', 'isntall'];

function nodeInstall(invocation: Invocation): boolean {
  const sub = subcommandOf(invocation.args, NODE_OPTIONS_WITH_VALUE);
  if (sub === 'global') return NODE_INSTALL_WORDS.includes(nonFlagArgs(invocation)[1] ?? '');
  return NODE_INSTALL_WORDS.includes(sub ?? '');
}

const nonFlagArgs = (invocation: Invocation) => invocation.args.filter((arg) => !isFlag(arg));
const subcommandIs =
  (...words: string[]) =>
  (invocation: Invocation) =>
    words.includes(subcommandOf(invocation.args) ?? '');

function packageInstall(text: string): boolean {
  return (
    anyInvocation(text, NODE_MANAGERS, nodeInstall) ||
    anyInvocation(text, PIP, subcommandIs('install')) ||
    anyInvocation(text, PYTHON, (python) => /^-m pip install\b/.test(python.args.join(' '))) ||
    anyInvocation(text, APT, subcommandIs('install', 'add')) ||
    anyInvocation(text, CARGO, subcommandIs('install')) ||
    anyInvocation(text, GO, subcommandIs('install', 'get')) ||
    anyInvocation(text, GEM, subcommandIs('install'))
  );
}

function publishes(text: string): boolean {
  return (
    anyInvocation(text, NODE_MANAGERS, (manager) => nonFlagArgs(manager).slice(0, 2).includes('publish')) ||
    anyInvocation(text, DOCKER, (docker) => /^(?:push|image push)\b/.test(nonFlagArgs(docker).join(' '))) ||
    anyInvocation(text, TWINE, subcommandIs('upload')) ||
    anyInvocation(text, CARGO, subcommandIs('publish')) ||
    anyInvocation(text, GEM, subcommandIs('push')) ||
    anyInvocation(text, POETRY, subcommandIs('publish'))
  );
}

/** rsync with a remote side: `host:path`, `user@host:path`, `host::module` or `rsync://`. */
const isRemoteSpec = (arg: string) => /^(?:[\w.-]+@)?[\w.-]+:/.test(arg) || arg.startsWith('rsync://');

function usesNetworkTool(text: string): boolean {
  return (
    anyInvocation(text, NETWORK_TOOLS, () => true) ||
    anyInvocation(text, RSYNC, (rsync) => rsync.args.some((arg) => !isFlag(arg) && isRemoteSpec(arg)))
  );
}

// *_TOKEN, *_SECRET, *_KEY, *_PASSWORD and AWS_* read as $X, ${X}, printenv X, process.env.X or os.environ['X'];
// and a bare `env` / `printenv`, which prints every variable, secrets included.
const SECRET_NAME = String.raw`(?:AWS_[A-Z0-9_]+|[A-Z0-9_]*_(?:TOKEN|SECRET|KEY|PASSWORD|PASSWD)|TOKEN|SECRET|PASSWORD)(?![A-Za-z0-9_])`;
const SECRET_READ = new RegExp(
  [
    String.raw`(?:\$\{?|\bprintenv\s+|\bprocess\.env\.|\bos\.environ(?:\.get\(|\[)\s*["']?|\bgetenv\(\s*["']?)${SECRET_NAME}`,
    String.raw`(?<![\w.$/-])(?:printenv|env)\s*(?:$|[|;&>\n)])`,
  ].join('|'),
);

/** Files a step may write besides the workspace: scratch space and the usual device sinks. */
function isAllowedWriteTarget(target: string): boolean {
  if (hasParentSegment(target)) return false;
  if (!target.startsWith('/') && !target.startsWith('~') && !target.startsWith('$HOME')) return true;
  return isInsideSandboxWorkspace(target) || /^\/tmp(?:\/|$)/.test(target) || target.startsWith('/dev/');
}

function writesOutsideWorkspace(text: string): boolean {
  for (const match of text.matchAll(REDIRECT_TARGET)) {
    if (!isAllowedWriteTarget(match[1] ?? '')) return true;
  }
  return findInvocations(text, TEE).some((tee) => tee.args.some((arg) => !isFlag(arg) && !isAllowedWriteTarget(arg)));
}

export const REACH_COMMAND_RULES: readonly CommandRule[] = [
  {
    id: 'command.pipe-to-shell',
    level: 'CRITICAL',
    message: 'pipes a download straight into an interpreter (curl/wget … | sh), running code nobody reviewed',
    test: (text) => SUBSTITUTED_DOWNLOAD.test(text) || pipesIntoInterpreter(text, DOWNLOADER),
    needsNetwork: true,
  },
  {
    id: 'command.decode-and-run',
    level: 'HIGH',
    message: 'decodes hidden text (base64 -d) and runs it in a shell',
    test: (text) => pipesIntoInterpreter(text, DECODER),
  },
  {
    id: 'command.eval',
    level: 'HIGH',
    message: 'builds and runs code at run time with eval, so what runs is not what was reviewed',
    test: (text) => anyInvocation(text, EVAL, () => true),
  },
  {
    id: 'command.privilege',
    level: 'HIGH',
    message: 'asks for elevated privileges with sudo, su or doas',
    test: (text) => anyInvocation(text, PRIVILEGE, () => true),
  },
  {
    id: 'command.package-install',
    level: 'HIGH',
    message: 'installs packages, which runs third-party install scripts and needs the network',
    test: packageInstall,
    needsNetwork: true,
  },
  {
    id: 'command.publish',
    level: 'HIGH',
    message: 'publishes a package or image (npm publish, docker push, twine upload, cargo publish) for others to use',
    test: publishes,
    needsNetwork: true,
  },
  {
    id: 'command.network-tool',
    level: 'MEDIUM',
    message: 'uses a network tool (curl, wget, ssh, scp, rsync to a host, nc, telnet, ftp), so it needs the network',
    test: usesNetworkTool,
    needsNetwork: true,
  },
  {
    id: 'command.secret-env',
    level: 'MEDIUM',
    message: 'reads secrets from the environment (*_TOKEN, *_SECRET, *_KEY, AWS_*), which can leak them into logs',
    test: (text) => SECRET_READ.test(text),
  },
  {
    id: 'command.write-outside-workspace',
    level: 'HIGH',
    message: 'writes outside the workspace with a redirect or tee (only /workspace and /tmp are meant for steps)',
    test: writesOutsideWorkspace,
  },
];
