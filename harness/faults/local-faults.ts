// The faults an environment with local implementation processes performs: the feed cut or stalled through a
// fault proxy it puts in their path, the proxy and the implementations restarted; and, when it runs CouchDB
// itself (embedded), CouchDB paused and restarted.

import type { CouchFaults, EnvironmentFaults, FaultKind } from '../contract/faults.js';
import { startFeedFaultProxy } from './feed-fault-proxy.js';

const ALWAYS: readonly FaultKind[] = ['cut-feed', 'stall-feed', 'restart-proxy', 'restart-implementation'];

export const NOT_OUR_COUCHDB = 'the harness does not run this CouchDB';
export const EXTERNAL_COUCHDB = "CouchDB is the user's (--env external): the harness neither runs nor restarts it";

/**
 * The kinds a local environment performs, known before it starts: `couch` says whether it runs CouchDB itself
 * and keeps its data on disk; `notCouch` why CouchDB faults cannot happen otherwise.
 */
export function localFaultKinds(couch: { readonly persistent: boolean } | undefined, notCouch = NOT_OUR_COUCHDB): Pick<EnvironmentFaults, 'kinds' | 'whyNot'> {
  const kinds = new Set<FaultKind>(ALWAYS);
  if (couch !== undefined) kinds.add('pause-couchdb');
  if (couch?.persistent === true) kinds.add('restart-couchdb');
  return {
    kinds,
    whyNot: (kind) =>
      kind === 'restart-couchdb' && couch !== undefined
        ? 'this CouchDB keeps its data in memory: a restart would lose it (the plan starts the embedded server on disk when a scenario restarts it)'
        : notCouch,
  };
}

/** `couch`: CouchDB's process, when the environment runs it; `notCouch`: why CouchDB faults cannot happen otherwise. */
export function localFaults(couchdbUrl: string, couch: CouchFaults | undefined, notCouch = NOT_OUR_COUCHDB): EnvironmentFaults {
  return {
    ...localFaultKinds(couch, notCouch),
    ...(couch === undefined ? {} : { couch }),
    feedPath: () => startFeedFaultProxy(couchdbUrl),
  };
}
