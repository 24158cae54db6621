// The conformance suite over several implementations, one after the other on the caller's environment (the
// `conformance` command starts one; `run` can pass its own). Returns the report the reporters print.

import type { Environment } from '../../contract/environment.js';
import type { ImplSpec } from '../../contract/impl-spec.js';
import type { ImplementationNeeds } from '../../contract/environment.js';
import type { ConformanceCase } from '../case-types.js';
import { CASES } from '../cases/index.js';
import type { CaseResult, ConformanceReport, ImplementationReport } from '../results.js';
import { runImplementation } from './run-implementation.js';

export const DEFAULT_DEADLINE_MS = 2000;

export interface ConformanceOptions {
  readonly impls: readonly ImplSpec[];
  readonly environment: Environment;
  /** How long a write straight to CouchDB may take to reach the app (default 2000 ms). */
  readonly deadlineMs?: number;
  /** Default: every case of the suite. */
  readonly cases?: readonly ConformanceCase[];
  readonly onResult?: (impl: ImplSpec, result: CaseResult) => void;
  readonly onImplementation?: (report: ImplementationReport) => void;
  /** Ctrl-C: no further case or implementation starts. */
  readonly signal?: AbortSignal;
  /** What an implementation needs beside CouchDB (memcached for `ttl`), or why it cannot run. */
  readonly needs?: (impl: ImplSpec) => ImplementationNeeds;
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const report: ConformanceReport = [];
  for (const impl of options.impls) {
    if (options.signal?.aborted === true) break;
    const done = await runImplementation({
      impl,
      environment: options.environment,
      cases: options.cases ?? CASES,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      needs: options.needs?.(impl) ?? {},
      onResult: (result) => options.onResult?.(impl, result),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    report.push(done);
    options.onImplementation?.(done);
  }
  return report;
}
