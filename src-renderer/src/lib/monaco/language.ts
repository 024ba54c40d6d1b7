/**
 * The Monaco language id for a file path, from its name or extension; 'plaintext' when unknown.
 * Kept as a table (not Monaco's own registry) so it works before Monaco has loaded.
 */
const BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile',
  makefile: 'shell',
  '.env': 'ini',
  '.gitignore': 'ini',
  '.bashrc': 'shell',
  '.profile': 'shell',
};

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  svelte: 'html',
  vue: 'html',
  css: 'css',
  scss: 'scss',
  less: 'less',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  php: 'php',
  swift: 'swift',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  sql: 'sql',
  xml: 'xml',
  svg: 'xml',
  toml: 'ini',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  env: 'ini',
  dockerfile: 'dockerfile',
  graphql: 'graphql',
  gql: 'graphql',
  lua: 'lua',
  r: 'r',
  ps1: 'powershell',
  bat: 'bat',
  proto: 'proto',
  tf: 'hcl',
  hcl: 'hcl',
};

export function languageOf(path: string): string {
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  const byName = BY_NAME[name];
  if (byName) return byName;
  if (name.startsWith('dockerfile')) return 'dockerfile';
  if (name.startsWith('.env')) return 'ini';
  const dot = name.lastIndexOf('.');
  if (dot < 0) return 'plaintext';
  return BY_EXTENSION[name.slice(dot + 1)] ?? 'plaintext';
}
