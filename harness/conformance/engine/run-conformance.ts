// The conformance suite over several implementations, each alone or behind each proxy asked for, one stack after
// the other on the caller's environment (the `conformance` command starts one; `run` passes its own). Returns the
// report the reporters print: one entry per implementation × proxy, implementations in the order given.

import type { Environment } from '../../contract/environment.js';
import type { ImplSpec } from '../../contract/impl-spec.js';
import type { ImplementationNeeds } from '../../contract/environment.js';
import type { ProxySetup } from '../../contract/run-proxy.js';
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
  /** The stacks per implementation: undefined is the implementation alone. Default: alone only. */
  readonly proxies?: (impl: ImplSpec) => readonly (ProxySetup | undefined)[];
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const report: ConformanceReport = [];
  for (const impl of options.impls) {
    for (const proxy of options.proxies?.(impl) ?? [undefined]) {
      if (options.signal?.aborted === true) return report;
      const done = await runImplementation({
        impl,
        environment: options.environment,
        cases: options.cases ?? CASES,
        deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
        needs: options.needs?.(impl) ?? {},
        onResult: (result) => options.onResult?.(impl, result),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(proxy === undefined ? {} : { proxy }),
      });
      report.push(done);
      options.onImplementation?.(done);
    }
  }
  return report;
}
