// One load agent: a worker thread with its own event loop, driving its share of the readers (load-shares.ts)
// with the run's driver, on the coordinator's clock. It reports how many responses it has every half second and,
// at the end, every exchange as it was measured: the coordinator judges and summarises them with the others, so
// every histogram is built once from all of them, never merged from percentiles.

import { parentPort, workerData } from 'node:worker_threads';
import type { Exchange } from '../../oracle/types.js';
import type { Scenario } from '../../scenario/scenario.js';
import { closedLoopDriver, type ClosedLoopDriverName } from '../closed-loop-selection.js';
import type { DriverResult } from '../load-driver.js';
import { driverFor } from '../open-loop-selection.js';
import type { LoadShare } from './load-shares.js';
import { shareReaders } from './share-readers.js';

export interface AgentInput {
  readonly scenario: Scenario;
  readonly share: LoadShare;
  readonly urls: readonly string[];
  readonly durationS: number;
  readonly driver: ClosedLoopDriverName;
  /** The coordinator's clock at `epoch` (performance.timeOrigin + performance.now(), comparable across threads). */
  readonly anchor: { readonly clock: number; readonly epoch: number };
}

export type AgentMessage =
  | { readonly type: 'progress'; readonly responses: number }
  | { readonly type: 'done'; readonly exchanges: Exchange[]; readonly missedAt: number[]; readonly driven: DriverResult }
  | { readonly type: 'failed'; readonly message: string };

const PROGRESS_MS = 500;

async function main(input: AgentInput): Promise<void> {
  const port = parentPort!;
  const abort = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'stop') abort.abort();
  });
  const { scenario, share, anchor } = input;
  // The coordinator's clock: this thread's performance.now() plus a fixed offset (computed once: it runs per request).
  const offset = anchor.clock + performance.timeOrigin - anchor.epoch;
  const clock = (): number => performance.now() + offset;
  const readers = shareReaders(scenario, share, input.urls, input.durationS, clock);
  const progress = setInterval(() => port.postMessage({ type: 'progress', responses: readers.exchanges.length } satisfies AgentMessage), PROGRESS_MS);
  try {
    const driver = driverFor(share.load, await closedLoopDriver(input.driver));
    const driven = await driver.run(readers, abort.signal);
    port.postMessage({ type: 'done', exchanges: readers.exchanges, missedAt: readers.missedAt, driven } satisfies AgentMessage);
  } finally {
    clearInterval(progress);
  }
}

main(workerData as AgentInput).catch((error: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies AgentMessage);
});
