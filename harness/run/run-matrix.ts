// Runs a plan: starts its environment and the implementations' support, refuses faults the environment cannot
// perform (before any load), measures the harness's own ceiling, then each cell of the matrix in turn, then the
// conformance cases; tells listeners as it goes and returns the results file. Stops everything it started.

import { CASES } from '../conformance/cases/index.js';
import { runConformance } from '../conformance/engine/run-conformance.js';
import { conformanceResults } from '../conformance/conformance-results.js';
import type { Environment, Support } from '../contract/environment.js';
import type { ProxySetup } from '../contract/run-proxy.js';
import { withImplEnv } from '../environment/impl-env.js';
import { startEnvironment } from '../environment/start-environment.js';
import type { ConformanceResult, RunResult } from '../results/types.js';
import { evaluateThresholds } from '../results/thresholds/evaluate-thresholds.js';
import { closedLoopDriver, closedLoopDriverLabel } from '../workload/closed-loop-selection.js';
import { measureHarnessCeiling } from '../workload/harness-ceiling.js';
import { measureCell } from './measure-cell.js';
import { plannedFaultAbility, refuseFaults } from './refuse-faults.js';
import type { RunEvent, RunListener } from './run-events.js';
import type { RunPlan } from './run-plan.js';
import { resultsFile } from './results-file.js';

export async function runMatrix(plan: RunPlan, listeners: readonly RunListener[], signal: AbortSignal): Promise<void> {
  const emit = async (event: RunEvent): Promise<void> => {
    for (const listener of listeners) await listener(event);
  };
  const note = (text: string): void => void emit({ type: 'note', text });
  await emit({ type: 'plan', plan });
  if (plan.environment.why !== undefined) note(`environment: ${plan.environment.kind} (--env auto: ${plan.environment.why})`);
  if (plan.shard !== undefined) {
    const { index, count, share } = plan.shard;
    const writers = plan.scenarios[0]!.writers.ratePerSecond > 0 ? 'writers here' : 'no writers here';
    const last = share.clients.first + share.clients.count - 1;
    note(`shard ${index}/${count}: ${share.connections} connection(s), virtual clients ${share.clients.first}–${last}, ${writers}`);
  }
  if (plan.startAt !== undefined) note(`the load starts at ${new Date(plan.startAt).toISOString()}`);
  // What can be refused is refused before the first process starts.
  refuseFaults(plan.cells, plannedFaultAbility(plan.environment));
  const environment = await startEnvironment(plan.environment, note);
  try {
    refuseFaults(plan.cells, environment);
    const support = withImplEnv(await environment.startSupport(plan.impls, note), plan.implEnv);
    const driver = await closedLoopDriver(plan.driver);
    const startedAt = new Date().toISOString();
    const agents = plan.agents > 1 ? { count: plan.agents, driver: plan.driver } : undefined;
    const measuredCeiling = await measureHarnessCeiling(driver, plan.scenarios[0]!, 1, signal, agents);
    // An interrupted measurement is not the ceiling: shown as not measured rather than as a low figure.
    const ceiling = signal.aborted ? null : measuredCeiling;
    // Versions of local proxy binaries now; a proxy in a container reports its own once started.
    const proxyVersions: Record<string, string> = {};
    for (const cell of plan.cells) if (cell.proxy?.binary !== undefined) proxyVersions[cell.proxy.spec.name] = cell.proxy.binary.version;
    const runs: RunResult[] = [];
    for (const cell of plan.cells) {
      if (signal.aborted) break;
      await emit({ type: 'cell-start', cell });
      const result = await measureCell({
        cell,
        environment,
        support,
        driver,
        ...(agents === undefined ? {} : { agents }),
        ...(plan.shard === undefined ? {} : { shard: plan.shard }),
        ...(plan.startAt === undefined ? {} : { startAt: plan.startAt }),
        graceMs: plan.graceMs,
        signal,
        onProgress: (progress) => void emit({ type: 'progress', cell, progress }),
        onProxyVersion: (name, version) => (proxyVersions[name] = version),
      });
      const judged = { ...result, thresholds: evaluateThresholds(cell.scenario.thresholds, result) };
      runs.push(judged);
      await emit({ type: 'cell-result', cell, result: judged });
    }
    let conformance: ConformanceResult[] | undefined;
    if (plan.conformance && !signal.aborted) {
      conformance = await conformanceOf(plan, environment, support, signal, note);
      await emit({ type: 'conformance', results: conformance });
    }
    const results = resultsFile({ environment, startedAt, ceiling, loadGenerator: closedLoopDriverLabel(plan.driver), runs, conformance, proxyVersions });
    await emit({ type: 'done', results, interrupted: signal.aborted });
  } finally {
    await environment.stop();
  }
}

async function conformanceOf(
  plan: RunPlan,
  environment: Environment,
  support: Support,
  signal: AbortSignal,
  note: (text: string) => void,
): Promise<ConformanceResult[]> {
  // Each implementation alone, and behind each proxy a cell of the run puts in front of it: the stacks measured.
  const stacks = new Map<string, (ProxySetup | undefined)[]>();
  for (const impl of plan.impls) stacks.set(impl.spec, [undefined]);
  for (const cell of plan.cells) {
    const list = stacks.get(cell.impl.spec)!;
    if (cell.proxy !== undefined && !list.some((p) => p?.spec.spec === cell.proxy!.spec.spec)) list.push(cell.proxy);
  }
  const count = [...stacks.values()].reduce((sum, list) => sum + list.length, 0);
  note(`conformance: ${CASES.length} cases × ${count === plan.impls.length ? `${count} implementation(s)` : `${count} stack(s) (implementation × proxy)`}`);
  const report = await runConformance({
    impls: plan.impls,
    environment,
    signal,
    needs: (impl) => support.needsOf(impl),
    proxies: (impl) => stacks.get(impl.spec) ?? [undefined],
  });
  return conformanceResults(report);
}
