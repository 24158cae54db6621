// The conformance suite's public surface: the runner, the case registry, the results and the reporters.

export { runConformance, DEFAULT_DEADLINE_MS, type ConformanceOptions } from './engine/run-conformance.js';
export { CASES } from './cases/index.js';
export type { ConformanceCase, CaseKind, Expectation, Step } from './case-types.js';
export {
  blocksConformance,
  conformanceExitCode,
  implementationConforms,
  type CaseResult,
  type CaseResultName,
  type ConformanceReport,
  type Diagnostics,
  type ImplementationReport,
} from './results.js';
export { renderTap, tapHeader, tapImplementation, tapFooter } from './reporters/tap-reporter.js';
export { renderJson } from './reporters/json-reporter.js';
export { NonConformingError } from './conformance-error.js';
