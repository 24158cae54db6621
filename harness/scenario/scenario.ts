// A scenario as the harness uses it: the file's fields with every default filled in.

/**
 * How reads are sent. Closed loop (default): each of readers.connections sends its next request when the last
 * answered. Open loop: requests at a constant rate, each dated from its intended send time, at most
 * maxInFlight out at once (default readers.connections); a send that finds them all busy is a missed send.
 */
export type LoadMode = { readonly mode: 'closed' } | { readonly mode: 'open'; readonly ratePerSecond: number; readonly maxInFlight: number };

/** What a fault step does (issue 9); times are seconds from the start of the measured window. */
export type FaultKind =
  | 'pause-couchdb'
  | 'restart-couchdb'
  | 'cut-feed'
  | 'stall-feed'
  | 'restart-proxy'
  | 'restart-implementation'
  | 'stop-couchdb-node'
  | 'pause-couchdb-node';

export interface FaultStep {
  readonly atS: number;
  readonly kind: FaultKind;
  /** pause-couchdb and stall-feed: how long it lasts. */
  readonly forS?: number;
  /** restart-implementation: which instance (default 0). */
  readonly instance?: number;
  /** stop-couchdb-node and pause-couchdb-node: which node of the cluster, from 0 (default: the last; node 0
   *  is the one the oracle follows). */
  readonly node?: number;
}

/** The kinds that last a while (`forS`, default 1 s). */
export const LASTING_FAULTS: ReadonlySet<FaultKind> = new Set(['pause-couchdb', 'stall-feed', 'stop-couchdb-node', 'pause-couchdb-node']);

/** The kinds that act on one node of a CouchDB cluster. */
export const NODE_FAULTS: ReadonlySet<FaultKind> = new Set(['stop-couchdb-node', 'pause-couchdb-node']);

/** CouchDB as a scenario asks for it: one node, or a cluster of `nodes`, its databases with `q` shards and `n`
 *  copies (CouchDB's defaults when absent). */
export interface CouchDbShape {
  readonly nodes: number;
  readonly q?: number;
  readonly n?: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Where it came from: a built-in name or a file path (for messages). */
  readonly source: string;
  readonly seed: number;
  readonly documents: { readonly count: number; readonly groups: number };
  readonly durationS: number;
  readonly warmupS: number;
  readonly readers: {
    readonly connections: number;
    readonly clients: number;
    readonly zipfExponent: number;
    readonly groupPageShare: number;
  };
  readonly writers: {
    readonly ratePerSecond: number;
    readonly throughAppShare: number;
    readonly deleteShare: number;
    readonly moveShare: number;
    readonly zipfExponent: number;
  };
  readonly probes: { readonly everyNthWrite: number; readonly deadlineMs: number; readonly intervalMs: number };
  readonly load: LoadMode;
  /** Processes of each implementation against the one CouchDB. */
  readonly instances: number;
  /** The implementation specs the scenario is meant for; undefined: the run's `-i`. */
  readonly impls: readonly string[] | undefined;
  /** Threshold texts (`stale304 == 0`), already checked by `parseThreshold`; empty when none. */
  readonly thresholds: readonly string[];
  /** The proxy spec as in --proxy (`varnish:purge`); undefined: the run's --proxy, else none. */
  readonly proxy?: string;
  /** Who purges in purge mode (default: the implementation). */
  readonly purgeBy: 'implementation' | 'invalidator';
  /** TTL of the proxy's ttl mode, in seconds (default 1). */
  readonly proxyTtlS: number;
  /** Faults during the measured window, in time order; empty when none. */
  readonly faults: readonly FaultStep[];
  readonly couchdb: CouchDbShape;
}

/** The file's shape (schemas/scenario.schema.json); optional fields get defaults in `withDefaults`. */
export interface ScenarioFile {
  name: string;
  description: string;
  seed?: number;
  documents: { count: number; groups: number };
  durationS: number;
  warmupS?: number;
  readers: { connections: number; clients: number; zipfExponent?: number; groupPageShare?: number };
  writers: { ratePerSecond: number; throughAppShare?: number; deleteShare?: number; moveShare?: number; zipfExponent?: number };
  probes?: { everyNthWrite?: number; deadlineMs?: number; intervalMs?: number };
  /** Cross-field rules (ratePerSecond with open only, …) are checked in load-scenario.ts. */
  load?: { mode: 'closed' | 'open'; ratePerSecond?: number; maxInFlight?: number };
  instances?: number;
  impls?: string[];
  thresholds?: string[];
  proxy?: string;
  purgeBy?: 'implementation' | 'invalidator';
  proxyTtlS?: number;
  faults?: FaultStep[];
  couchdb?: { nodes?: number; q?: number; n?: number };
}

export function withDefaults(file: ScenarioFile, source: string): Scenario {
  const zipfExponent = file.readers.zipfExponent ?? 1;
  return {
    name: file.name,
    description: file.description,
    source,
    seed: file.seed ?? 1,
    documents: file.documents,
    durationS: file.durationS,
    warmupS: file.warmupS ?? 1,
    readers: {
      connections: file.readers.connections,
      clients: file.readers.clients,
      zipfExponent,
      groupPageShare: file.readers.groupPageShare ?? 0.1,
    },
    writers: {
      ratePerSecond: file.writers.ratePerSecond,
      throughAppShare: file.writers.throughAppShare ?? 0.5,
      deleteShare: file.writers.deleteShare ?? 0,
      moveShare: file.writers.moveShare ?? 0,
      zipfExponent: file.writers.zipfExponent ?? zipfExponent,
    },
    probes: {
      everyNthWrite: file.probes?.everyNthWrite ?? 1,
      deadlineMs: file.probes?.deadlineMs ?? 3000,
      intervalMs: file.probes?.intervalMs ?? 10,
    },
    load:
      file.load?.mode === 'open'
        ? { mode: 'open', ratePerSecond: file.load.ratePerSecond!, maxInFlight: file.load.maxInFlight ?? file.readers.connections }
        : { mode: 'closed' },
    instances: file.instances ?? 1,
    impls: file.impls,
    thresholds: file.thresholds ?? [],
    ...(file.proxy === undefined ? {} : { proxy: file.proxy }),
    purgeBy: file.purgeBy ?? 'implementation',
    proxyTtlS: file.proxyTtlS ?? 1,
    faults: [...(file.faults ?? [])].map((step) => (LASTING_FAULTS.has(step.kind) ? { ...step, forS: step.forS ?? 1 } : step)).sort((a, b) => a.atS - b.atS),
    couchdb: {
      nodes: file.couchdb?.nodes ?? 1,
      ...(file.couchdb?.q === undefined ? {} : { q: file.couchdb.q }),
      ...(file.couchdb?.n === undefined ? {} : { n: file.couchdb.n }),
    },
  };
}

/** The scenario run open loop at `ratePerSecond` (--rate), keeping its own maxInFlight if it had one. */
export function withRate(scenario: Scenario, ratePerSecond: number | undefined): Scenario {
  if (ratePerSecond === undefined) return scenario;
  const maxInFlight = scenario.load.mode === 'open' ? scenario.load.maxInFlight : scenario.readers.connections;
  return { ...scenario, load: { mode: 'open', ratePerSecond, maxInFlight } };
}
