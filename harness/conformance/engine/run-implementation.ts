// All cases against one implementation, or the stack of it behind a caching proxy: a fresh database, the
// implementation started on it the environment's way (a local process, or a container under --env containers; the
// contract's environment, ready on /health), the proxy in front of it when asked, a liveness check before each
// case, and everything stopped after. Behind a proxy the cases go to the proxy and judge the stack; a case that
// judges the origin alone is not applicable there.
// An implementation that dies fails every remaining case with "process exited"; a stack that cannot start fails all.

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment, RunDatabase } from '../../contract/environment.js';
import type { RunningImplementation } from '../../contract/running-implementation.js';
import type { ImplementationNeeds } from '../../contract/environment.js';
import type { ImplSpec } from '../../contract/impl-spec.js';
import type { ProxySetup, RunProxy } from '../../contract/run-proxy.js';
import { describeExit } from '../../implementations/started-implementation.js';
import type { ConformanceCase } from '../case-types.js';
import { decideResult, type CaseResult, type ImplementationReport, type Outcome } from '../results.js';
import { runCase } from './run-case.js';

const EXIT_SETTLE_MS = 500;

export interface ImplementationRun {
  readonly impl: ImplSpec;
  readonly environment: Environment;
  readonly cases: readonly ConformanceCase[];
  readonly deadlineMs: number;
  /** Hears each result as soon as it is known (progress output). */
  readonly onResult?: (result: CaseResult) => void;
  /** Aborted: no further case starts (the report holds the cases that ran). */
  readonly signal?: AbortSignal;
  /** Extra environment for its process, or why it cannot run here (e.g. `ttl` without memcached). */
  readonly needs?: ImplementationNeeds;
  /** The caching proxy the cases go through; absent: straight to the implementation. */
  readonly proxy?: ProxySetup;
}

export async function runImplementation(run: ImplementationRun): Promise<ImplementationReport> {
  const results: CaseResult[] = [];
  const record = (testCase: ConformanceCase, outcome: Outcome, durationMs?: number): void => {
    const result = toResult(testCase, outcome, durationMs);
    results.push(result);
    run.onResult?.(result);
  };
  const proxySpec = run.proxy?.spec.spec;
  let proxyVersion: string | undefined;
  const report = (): ImplementationReport => ({
    impl: run.impl.spec,
    ...(proxySpec === undefined ? {} : { proxy: proxySpec }),
    ...(proxyVersion === undefined || proxyVersion === '' ? {} : { proxyVersion }),
    cases: results,
  });
  let database: RunDatabase;
  try {
    database = await run.environment.database(`conformance-${run.impl.spec}`);
  } catch (error) {
    const detail = `the harness could not create a database: ${error instanceof Error ? error.message : String(error)}`;
    for (const testCase of run.cases) record(testCase, { type: 'harness', detail });
    return report();
  }
  let front: RunProxy | undefined;
  try {
    let started: RunningImplementation;
    try {
      if (run.needs?.unavailable !== undefined) throw new Error(run.needs.unavailable);
      // Prepared first: an implementation that purges the proxy is told where it will be.
      if (run.proxy !== undefined) front = await run.environment.prepareProxy(run.proxy, run.impl);
      const env = { ...run.needs?.implEnv, ...front?.implEnv };
      started = await run.environment.startImplementation(run.impl, { couchdbUrl: run.environment.couchdbUrl, db: database.name, env });
    } catch (error) {
      // Not the harness's fault: the implementation did not come up, so it passes nothing.
      const detail = `did not start: ${error instanceof Error ? error.message : String(error)}`;
      for (const testCase of run.cases) record(testCase, { type: 'fail', detail });
      return report();
    }
    try {
      if (front !== undefined) {
        try {
          await front.start([started], { couchdbUrl: run.environment.couchdbUrl, db: database.name });
          proxyVersion = front.version;
        } catch (error) {
          // The proxy is part of the stack under test (its configuration may be the user's): the stack fails.
          const detail = `${proxySpec} did not start in front of it: ${error instanceof Error ? error.message : String(error)}`;
          for (const testCase of run.cases) record(testCase, { type: 'fail', detail });
          return report();
        }
      }
      const baseUrl = front?.url ?? started.url;
      const token = randomBytes(4).toString('hex');
      for (const [index, testCase] of run.cases.entries()) {
        if (run.signal?.aborted === true) break;
        if (front !== undefined && testCase.originOnly !== undefined) {
          record(testCase, { type: 'not applicable', detail: `not applicable behind a proxy: ${testCase.originOnly}` });
          continue;
        }
        if (started.exit !== undefined) {
          record(testCase, exited(started, 'before the case'));
          continue;
        }
        const prefix = `cf${token}-${index}`;
        const caseStart = performance.now();
        const outcome = await runCase(testCase, {
          baseUrl,
          couchdbUrl: run.environment.couchdbUrl,
          dbName: database.name,
          deadlineMs: run.deadlineMs,
          prefix,
          counters: () => run.environment.counters(),
        });
        // A process that died under the case failed it, whatever the step that noticed; its exit may be
        // reported a moment after the connection broke.
        if (outcome.type !== 'pass' && outcome.type !== 'not applicable' && outcome.noAnswer === true) await exitSettled(started);
        const durationMs = performance.now() - caseStart;
        record(testCase, outcome.type !== 'pass' && started.exit !== undefined ? exited(started, `during the case (${outcome.detail})`) : outcome, durationMs);
      }
    } finally {
      await front?.stop().catch(() => {});
      await started.stop();
    }
  } finally {
    await database.release().catch(() => {});
  }
  return report();
}

async function exitSettled(started: RunningImplementation): Promise<void> {
  for (let waited = 0; started.spec.kind !== 'url' && started.exit === undefined && waited < EXIT_SETTLE_MS; waited += 20) await sleep(20);
}

function exited(started: RunningImplementation, when: string): Outcome {
  const stderr = started.stderrTail().trim();
  return {
    type: 'fail',
    detail: `process exited (${describeExit(started.exit!)}) ${when}`,
    diagnostics: stderr === '' ? {} : { stderr: stderr.split('\n').slice(-5).join('\n') },
  };
}

function toResult(testCase: ConformanceCase, outcome: Outcome, durationMs: number | undefined): CaseResult {
  const result = decideResult(testCase.kind, outcome);
  return {
    id: testCase.id,
    title: testCase.title,
    rfc: testCase.rfc,
    kind: testCase.kind,
    result,
    ok: result === 'pass',
    detail: outcome.type === 'pass' ? '' : outcome.detail,
    ...('diagnostics' in outcome && outcome.diagnostics !== undefined ? { diagnostics: outcome.diagnostics } : {}),
    ...(durationMs === undefined ? {} : { durationMs: Math.round(durationMs * 10) / 10 }),
  };
}
