// The harness's own ceiling: requests per second its hook path reaches against a trivial server (a
// separate process), with the run's connection count. A figure near an implementation's throughput means
// the harness, not the implementation, was the limit.

import { spawnInOwnGroup } from '../child-processes.js';
import { once } from 'node:events';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import type { Scenario } from '../scenario/scenario.js';
import { runAgents } from './agents/agent-pool.js';
import type { ClosedLoopDriverName } from './closed-loop-selection.js';
import type { LoadDriver } from './load-driver.js';
import type { Readers } from './readers.js';
import { wholeShare } from './agents/load-shares.js';
import { shareReaders } from './agents/share-readers.js';

const WARMUP_S = 0.5;

/** `agents`: measured on that many load agents, as the runs will be sent. */
export async function measureHarnessCeiling(
  driver: LoadDriver,
  scenario: Scenario,
  durationS: number,
  signal: AbortSignal,
  agents?: { readonly count: number; readonly driver: ClosedLoopDriverName },
): Promise<number> {
  // The compiled script, whether this module runs from dist/ or from source under the test runner.
  const script = join(PACKAGE_ROOT, 'dist', 'harness', 'workload', 'ceiling-server.js');
  const child = spawnInOwnGroup(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const { url } = JSON.parse(line.toString().split('\n')[0]!) as { url: string };
    const readers = (seconds: number): Readers => shareReaders(scenario, wholeShare(scenario), [url], seconds, () => performance.now());
    if (agents !== undefined && agents.count > 1) return await agentsCeiling(url, scenario, durationS, agents, signal);
    // Warmed up first, as the runs are: a cold hook path measured ~20 % below itself, so that runs came out
    // "above the ceiling".
    await driver.run(readers(WARMUP_S), signal);
    const measured = readers(durationS);
    const start = performance.now();
    await driver.run(measured, signal);
    const elapsedS = (performance.now() - start) / 1000;
    return Math.round(measured.exchanges.length / elapsedS);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

/** The agents send the scenario's load for warm-up + duration; the rate counted over the duration only. */
async function agentsCeiling(
  url: string,
  scenario: Scenario,
  durationS: number,
  agents: { readonly count: number; readonly driver: ClosedLoopDriverName },
  signal: AbortSignal,
): Promise<number> {
  const clock = (): number => performance.now();
  const start = clock();
  const from = start + WARMUP_S * 1000;
  const run = runAgents({ scenario, urls: [url], durationS: WARMUP_S + durationS, agents: agents.count, driver: agents.driver, clock }, signal);
  const { exchanges } = await run.done;
  let counted = 0;
  let until = from + 1;
  for (const exchange of exchanges) {
    if (exchange.sentAt < from) continue;
    counted++;
    if (exchange.receivedAt > until) until = exchange.receivedAt;
  }
  return Math.round(counted / ((until - from) / 1000));
}
