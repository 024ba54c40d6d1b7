/** The checks that decide whether a plan may be approved. */
export type { Finding, ValidationReport } from './finding';
export { LIMITS, utf8ByteLength } from './limits';
export { validatePlan } from './validate-plan';
export { validateSyntax, type SyntaxProblem, type SyntaxLanguage } from './syntax';
export { checkPath } from './path-safety';
