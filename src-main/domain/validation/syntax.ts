import { parse as parseScript, type ParseError, type ParserOptions } from '@babel/parser';
import { parseAllDocuments } from 'yaml';
import { findJsonProblem } from '../planfile/json-syntax';
import { blankJsoncExtras, isJsoncPath } from './jsonc';

/**
 * Syntax checks for files a step writes, chosen by extension, so a broken config or source file is
 * caught at review instead of halfway through a run. Only real parsers decide; an extension
 * without one is not checked.
 */

export type SyntaxLanguage = 'json' | 'yaml' | 'javascript' | 'typescript';

export interface SyntaxProblem {
  language: SyntaxLanguage;
  /** 1-based line and column inside `content`. */
  line: number;
  column: number;
  message: string;
}

export const LANGUAGE_NAMES: Readonly<Record<SyntaxLanguage, string>> = {
  json: 'JSON',
  yaml: 'YAML',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
};

type ScriptSetup = { language: 'javascript' | 'typescript'; options: ParserOptions };

// .js files commonly hold JSX (React projects), and JSX never changes the meaning of valid plain
// JavaScript, so the jsx plugin is on for them. TypeScript's `<T>value` casts clash with JSX, so
// only .tsx gets both. Decorators (Angular, NestJS) are common enough to accept everywhere.
const script = (language: ScriptSetup['language'], sourceType: ParserOptions['sourceType'], plugins: string[]) =>
  ({
    language,
    options: { sourceType, errorRecovery: false, plugins: [...plugins, 'decorators-legacy'] },
  }) as ScriptSetup;

const SCRIPT_SETUPS: Readonly<Record<string, ScriptSetup>> = {
  js: script('javascript', 'unambiguous', ['jsx']),
  jsx: script('javascript', 'unambiguous', ['jsx']),
  mjs: script('javascript', 'module', ['jsx']),
  cjs: script('javascript', 'commonjs', ['jsx']),
  ts: script('typescript', 'unambiguous', ['typescript']),
  mts: script('typescript', 'module', ['typescript']),
  // .cts files are written with import/export and compiled to CommonJS, so they parse as modules.
  cts: script('typescript', 'unambiguous', ['typescript']),
  tsx: script('typescript', 'unambiguous', ['typescript', 'jsx']),
};

function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** 1-based line and column of a UTF-16 offset. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function checkJson(content: string, jsonc: boolean): SyntaxProblem | null {
  // A byte-order mark is invisible in editors and accepted by Node's loaders; do not report it.
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const source = jsonc ? blankJsoncExtras(text) : text;
  try {
    JSON.parse(source);
    return null;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    let message = raw
      .replace(/\s+at position \d+.*$/s, '')
      .replace(/,\s*".*" is not valid JSON$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON value does');
    const position = /at position (\d+)/.exec(raw);
    let offset = position ? Number(position[1]) : /end of JSON input/.test(raw) ? source.length : undefined;
    if (offset === undefined) {
      // V8 names no position for some errors ("Unexpected token 'x'"); the JSON scanner finds it.
      const problem = findJsonProblem(source);
      if (problem) {
        offset = problem.offset;
        message = problem.problem;
      }
    }
    return { language: 'json', ...lineColumnAt(source, offset ?? 0), message: oneLine(message) };
  }
}

function checkYaml(content: string): SyntaxProblem | null {
  for (const document of parseAllDocuments(content)) {
    const error = document.errors[0];
    if (!error) continue;
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { language: 'yaml', line: position.line, column: position.col, message: oneLine(message) };
  }
  return null;
}

/** A Flow pragma in the file's first comment (`// @flow`): such files carry Flow type annotations. */
const FLOW_PRAGMA = /^\s*(?:#![^\n]*\n\s*)?(?:\/\/|\/\*)[^\n]*@flow\b/;

function checkScript(content: string, setup: ScriptSetup): SyntaxProblem | null {
  const flow = setup.language === 'javascript' && FLOW_PRAGMA.test(content.slice(0, 1000));
  const options = flow
    ? { ...setup.options, plugins: [...(setup.options.plugins ?? []), 'flow' as const] }
    : setup.options;
  try {
    parseScript(content, options);
    return null;
  } catch (error) {
    const parseError = error as Partial<ParseError>;
    // Syntax that needs a plugin we leave off (proposals such as `|>`) is not the author's error.
    if (parseError.missingPlugin !== undefined || !parseError.loc) return null;
    const message = (parseError.message ?? 'syntax error').replace(/\s*\(\d+:\d+\)$/, '');
    // Babel counts columns from 0; editors and the rest of Planbox count from 1.
    return {
      language: setup.language,
      line: parseError.loc.line,
      column: parseError.loc.column + 1,
      message: oneLine(message),
    };
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The first syntax error in `content`, judged by the extension of `path`; null when valid or not checked. */
export function validateSyntax(path: string, content: string): SyntaxProblem | null {
  const extension = extensionOf(path);
  if (extension === 'json' || extension === 'jsonc') return checkJson(content, isJsoncPath(path));
  if (extension === 'yaml' || extension === 'yml') return checkYaml(content);
  const setup = SCRIPT_SETUPS[extension];
  return setup ? checkScript(content, setup) : null;
}
