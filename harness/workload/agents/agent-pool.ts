// The readers' load on N load agents (worker threads, each its own event loop and its share of connections,
// clients and arrival rate), for a load one event loop cannot send. Writers and lag probes stay with the caller.
// The agents' exchanges come back whole, on the caller's clock, merged in send order: the oracle judges them as
// one run's, and every histogram is built once from all of them.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Exchange } from '../../oracle/types.js';
import { PACKAGE_ROOT } from '../../package-info.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { ClosedLoopDriverName } from '../closed-loop-selection.js';
import type { DriverResult } from '../load-driver.js';
import type { ReadLog } from '../readers.js';
import type { AgentInput, AgentMessage } from './load-agent-worker.js';
import { loadShares, wholeShare, type LoadShare } from './load-shares.js';

// The compiled worker, whether this module runs from dist/ or from source under the test runner.
const WORKER = join(PACKAGE_ROOT, 'dist', 'harness', 'workload', 'agents', 'load-agent-worker.js');
/** After a stop, how long an agent may take to hand its exchanges back before it is terminated. */
const STOP_GRACE_MS = 10_000;

export interface AgentLoad {
  readonly scenario: Scenario;
  readonly urls: readonly string[];
  readonly durationS: number;
  readonly agents: number;
  readonly driver: ClosedLoopDriverName;
  readonly clock: () => number;
  /** The part of the scenario's read load to split (a shard's); default: all of it. */
  readonly part?: LoadShare;
}

export interface AgentRun {
  /** Responses so far, over every agent (progress). */
  responses(): number;
  /** Every agent's exchanges in send order, their missed sends, and their drivers' results added up. */
  readonly done: Promise<ReadLog & { readonly driven: DriverResult }>;
}

export function runAgents(load: AgentLoad, signal: AbortSignal): AgentRun {
  const { scenario } = load;
  const part = load.part ?? wholeShare(scenario);
  const shares = loadShares({ agents: load.agents, connections: part.connections, clients: part.clients.count, load: part.load, seed: part.seed });
  const anchor = { clock: load.clock(), epoch: performance.timeOrigin + performance.now() };
  const counts = shares.map(() => 0);
  const runs = shares.map((share, i) => {
    const workerData: AgentInput = { scenario, share, urls: load.urls, durationS: load.durationS, driver: load.driver, anchor };
    const worker = new Worker(WORKER, { workerData });
    return new Promise<Extract<AgentMessage, { type: 'done' }>>((resolve, reject) => {
      const stop = (): void => {
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), STOP_GRACE_MS).unref();
      };
      signal.addEventListener('abort', stop, { once: true });
      worker.on('message', (message: AgentMessage) => {
        if (message.type === 'progress') counts[i] = message.responses;
        else if (message.type === 'done') resolve(message);
        else reject(new Error(`load agent ${i}: ${message.message}`));
      });
      worker.on('error', (error) => reject(new Error(`load agent ${i}: ${error.message}`)));
      worker.on('exit', (code) => {
        signal.removeEventListener('abort', stop);
        reject(new Error(`load agent ${i} exited (code ${code}) before it handed its exchanges back`));
      });
    }).finally(() => void worker.terminate());
  });
  const done = Promise.all(runs).then((results) => {
    const exchanges: Exchange[] = results.flatMap((r) => r.exchanges).sort((a, b) => a.sentAt - b.sentAt);
    const missedAt = results.flatMap((r) => r.missedAt).sort((a, b) => a - b);
    return { exchanges, missedAt, driven: addResults(results.map((r) => r.driven)) };
  });
  return { responses: () => counts.reduce((sum, n) => sum + n, 0), done };
}

function addResults(results: readonly DriverResult[]): DriverResult {
  const sum = (pick: (r: DriverResult) => number | undefined): number => results.reduce((total, r) => total + (pick(r) ?? 0), 0);
  const open = results.some((r) => r.missedSends !== undefined);
  return {
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    stopped: results.some((r) => r.stopped),
    ...(open ? { missedSends: sum((r) => r.missedSends), unsent: sum((r) => r.unsent) } : {}),
  };
}
