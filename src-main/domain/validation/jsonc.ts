/**
 * JSON with comments and trailing commas ("JSONC") is what tsconfig.json, VS Code settings and
 * devcontainer.json actually hold. Plain JSON.parse would call such files broken, so they are
 * checked after blanking comments and trailing commas with spaces. Blanking keeps every offset,
 * so an error's line and column still point into the original text.
 */

/** File names that are JSONC by convention even though they end in .json. */
const JSONC_NAMES =
  /(?:^|\/)(?:[tj]sconfig(?:\.[\w.-]+)?\.json|\.eslintrc\.json|\.babelrc\.json|devcontainer\.json|\.devcontainer\/[^/]+\.json|\.vscode\/[^/]+\.json|[^/]+\.jsonc)$/;

export function isJsoncPath(path: string): boolean {
  return JSONC_NAMES.test(path.replaceAll('\\', '/'));
}

export function blankJsoncExtras(text: string): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i = endOfString(text, i);
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2; // an unclosed comment is left for JSON.parse to reject
      if (end !== -1) blank(i, stop);
      i = stop;
    } else if (char === ',') {
      const next = nextSignificant(text, i + 1);
      if (text[next] === '}' || text[next] === ']') out[i] = ' ';
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Index just past the string starting at `start` (a `"`), honouring backslash escapes. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return i;
}

/** Next index that is neither whitespace nor inside a comment. */
function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i) && text.indexOf('*/', i + 2) !== -1) i = text.indexOf('*/', i + 2) + 2;
    else return i;
  }
  return i;
}
