// Step 1 of a measured cell: the stack under test, started the environment's way — the proxy prepared (an
// implementation that purges must know its URL before it starts), the feed fault path when the scenario faults
// the feed, the implementation's instances, then the proxy over them. stop() takes it all down again.

import type { Environment, ImplementationNeeds } from '../contract/environment.js';
import type { FaultTargets, FeedFaultPath } from '../contract/faults.js';
import type { RunProxy } from '../contract/run-proxy.js';
import type { RunningImplementation } from '../contract/running-implementation.js';
import type { RunCell } from './run-plan.js';

export interface Stack {
  readonly implementations: readonly RunningImplementation[];
  readonly front?: RunProxy;
  /** Where readers, probes and writes through the app go: the proxy, else each instance in turn. */
  readonly urls: readonly string[];
  readonly faultTargets: FaultTargets;
  stop(): Promise<void>;
}

export interface StartStackOptions {
  readonly environment: Environment;
  readonly cell: RunCell;
  readonly db: string;
  readonly needs: ImplementationNeeds;
  /** Tells the proxy's version once it started (results.json's environment). */
  readonly onProxyVersion: (name: string, version: string) => void;
}

/** The stack, or why the implementation did not start (the proxy's failure is the harness's: it throws). */
export async function startStack(options: StartStackOptions): Promise<Stack | { readonly failure: string }> {
  const { environment, cell, db } = options;
  const implementations: RunningImplementation[] = [];
  let front: RunProxy | undefined;
  let feedPath: FeedFaultPath | undefined;
  const stop = async (): Promise<void> => {
    await front?.stop();
    await Promise.all(implementations.map((implementation) => implementation.stop()));
    await feedPath?.stop();
  };
  try {
    if (cell.proxy !== undefined) front = await environment.prepareProxy(cell.proxy, cell.impl);
    const env = { ...options.needs.implEnv, ...front?.implEnv };
    if (cell.scenario.faults.some((step) => step.kind === 'cut-feed' || step.kind === 'stall-feed')) feedPath = await environment.faults.feedPath?.(cell.impl);
    // In a cluster each instance talks to its own node, as behind a load balancer (the feed's fault proxy, when
    // there is one, stands in front of node 0 for all of them).
    const nodes = environment.couchdbNodes;
    const couchdbUrlOf = (i: number): string => feedPath?.couchdbUrl ?? nodes[i % nodes.length]!;
    try {
      for (let i = 0; i < cell.scenario.instances; i++) {
        implementations.push(await environment.startImplementation(cell.impl, { couchdbUrl: couchdbUrlOf(i), db, env }));
      }
    } catch (error) {
      await stop();
      return { failure: error instanceof Error ? error.message : String(error) };
    }
    if (front !== undefined) {
      await front.start(implementations, { couchdbUrl: environment.couchdbUrl, db });
      options.onProxyVersion(front.setup.spec.name, front.version);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const { couch, nodes } = environment.faults;
  return {
    implementations,
    ...(front === undefined ? {} : { front }),
    // Behind a proxy everything goes to it; it balances over the instances.
    urls: front !== undefined ? [front.url] : implementations.map((implementation) => implementation.url),
    faultTargets: {
      ...(couch === undefined ? {} : { couch }),
      ...(nodes === undefined ? {} : { nodes }),
      ...(feedPath === undefined ? {} : { feed: feedPath }),
      ...(front === undefined ? {} : { proxy: front }),
      implementations,
    },
    stop,
  };
}
