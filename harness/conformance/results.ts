// The closed set of results, decided in one place from the case's kind and the engine's outcome
// (cache-tests' results): an implementation's failure, a case that could not be prepared, and the harness's
// own trouble are never confused.

import type { CaseKind } from './case-types.js';

export type CaseResultName = 'pass' | 'fail' | 'optional fail' | 'setup fail' | 'harness fail' | 'not applicable';

/** What the failing step sent and got, for the diagnostics. */
export interface Diagnostics {
  readonly request?: { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>> };
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly stderr?: string;
}

/** How running a case went, before its kind is taken into account. */
export type Outcome =
  | { readonly type: 'pass' }
  /** Not run: the case judges the origin alone and a proxy stands in front (the detail says why). */
  | { readonly type: 'not applicable'; readonly detail: string }
  | {
      readonly type: 'fail' | 'setup' | 'harness';
      readonly detail: string;
      readonly diagnostics?: Diagnostics;
      /** The implementation did not answer at all (refused, reset, timed out). */
      readonly noAnswer?: true;
    };

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly rfc: string;
  readonly kind: CaseKind;
  readonly result: CaseResultName;
  /** true only for `pass`. */
  readonly ok: boolean;
  /** Empty on a pass; otherwise what failed, where and compared with what. */
  readonly detail: string;
  readonly diagnostics?: Diagnostics;
  /** How long the case ran (absent for a case that never ran: the implementation did not start or had exited). */
  readonly durationMs?: number;
}

export interface ImplementationReport {
  /** The implementation spec exactly as given. */
  readonly impl: string;
  /** The proxy the cases went through (`varnish:revalidate`); absent when they went to the implementation. */
  readonly proxy?: string;
  /** The proxy's own version (`varnish-7.1.1`), once it started. */
  readonly proxyVersion?: string;
  readonly cases: readonly CaseResult[];
}

/** One entry per implementation × proxy, in the order given (the shape `--reporter json` prints). */
export type ConformanceReport = ImplementationReport[];

export function decideResult(kind: CaseKind, outcome: Outcome): CaseResultName {
  switch (outcome.type) {
    case 'pass':
      return 'pass';
    case 'fail':
      return kind === 'required' ? 'fail' : 'optional fail';
    case 'setup':
      return 'setup fail';
    case 'harness':
      return 'harness fail';
    case 'not applicable':
      return 'not applicable';
  }
}

/**
 * Whether a result keeps an implementation from conforming: a required case that did not pass, and any harness
 * failure (the suite could not tell, so it cannot say "conforms").
 */
export function blocksConformance(result: CaseResult): boolean {
  if (result.result === 'harness fail') return true;
  return result.kind === 'required' && result.result !== 'pass';
}

export function implementationConforms(report: ImplementationReport): boolean {
  return !report.cases.some(blocksConformance);
}

/** 0 when every implementation passes every required case that applies, 1 otherwise (README.md, Exit codes). */
export function conformanceExitCode(report: ConformanceReport): 0 | 1 {
  return report.every(implementationConforms) ? 0 : 1;
}
