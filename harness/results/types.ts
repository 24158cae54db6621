// results.json (docs/architecture.md, Results): `"schema": "etag-bench/results"`, `"schemaVersion": 2`. A public contract: users
// and CI read it, reports are built from it alone. Its JSON Schema is written in TypeScript against these types
// (results-schema.ts: the compiler rejects one that drifts from them), and schemas/results.schema.json is generated
// from that. A change that an older etag-bench could not read, or that this one could not read in older files,
// takes the next schemaVersion.

/** What the file is. Files of the first format said `"schema": "etag-bench/results@1"` and had no schemaVersion. */
export const RESULTS_SCHEMA_ID = 'etag-bench/results';
/** Which version of the format: 1 was `etag-bench/results@1`. */
export const RESULTS_SCHEMA_VERSION = 2;

/** How many stale responses a run keeps as examples (staleExamples). */
export const STALE_EXAMPLES = 20;

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface LagSummary {
  /** Writes probed whose effect was seen. */
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** Probed writes whose effect was not seen before the probe's deadline. */
  readonly timeouts: number;
}

export interface Threshold {
  readonly name: string;
  readonly limit: string;
  readonly value: number | null;
  readonly ok: boolean;
}

export interface CouchRequests {
  /** CouchDB requests made by the implementation during the measured window, by route template. */
  readonly byRoute: Record<string, number>;
  readonly total: number;
  /** Read requests (documents, views, all_docs) per page request. */
  readonly perPageRequest: number;
}

/** CouchDB's own counters over the measured window (`/_node/_local/_stats/couchdb`). */
export interface CouchCountersWindow {
  /** `database_reads` over the window, the harness's own reads (writers refreshing after a conflict) taken out. */
  readonly databaseReads: number;
  readonly databaseWrites: number;
  /** Every HTTP request CouchDB received in the window, the harness's writes and feed included. */
  readonly httpdRequests: number;
  /** databaseReads per 1,000 responses of the window (all classes). */
  readonly readsPer1000Responses: number;
}

/** One burst of the read-cost measurement: its requests, how they were answered, and the documents CouchDB read. */
export interface ReadCost {
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly reads: number;
  readonly readsPer1000: number;
}

/** After the window, load stopped: unconditional GETs of document pages (their 200s' cost), then conditional GETs
 *  with the ETags just received (their 304s' cost, when they were 304s: see statuses). */
export interface ReadCosts {
  readonly unconditional: ReadCost;
  readonly conditional: ReadCost;
}

export interface CouchDbCounters {
  /** Null when the window's figures are unknown (CouchDB restarted in it). */
  readonly window: CouchCountersWindow | null;
  readonly readCosts: ReadCosts | null;
  /** Why a part is null. */
  readonly missing?: string;
}

export interface OriginRequests {
  readonly requests: number;
  /** By status ("200", "304", …; "error" when the origin did not answer). */
  readonly status: Record<string, number>;
}

/** Per-bucket series over the measured window: the report's timelines. Merged by adding bucket by bucket. */
export interface Timeline {
  /** Width of each bucket in ms (1000); bucket i covers [i·bucketMs, (i+1)·bucketMs) from the start of the measured window. */
  readonly bucketMs: number;
  /** Reader responses completed in the bucket (all statuses, errors and no-response included). */
  readonly responses: readonly number[];
  /** Of those, requests that carried If-None-Match (the hit rate's denominator). */
  readonly conditional: readonly number[];
  /** 304s to those (the hit rate's numerator, counted as hitRate counts them: stale 304s included). */
  readonly hits: readonly number[];
  /** Stale 200s + stale 304s. */
  readonly stale: readonly number[];
  /** Responses judged errors (classes.error). Requests autocannon saw fail carry no time: only `errors` counts them. */
  readonly errors: readonly number[];
  /** Latency of the bucket's responses; null when the bucket had none. */
  readonly latencyP50Ms: readonly (number | null)[];
  readonly latencyP99Ms: readonly (number | null)[];
  /** Writes acknowledged in the bucket (through the app and straight to CouchDB). */
  readonly writes: readonly number[];
}

/** A mark on the timelines (a fault injected, …). */
export interface TimelineEvent {
  /** Ms from the start of the measured window. */
  readonly atMs: number;
  readonly kind: string;
  readonly label: string;
}

/** One stale response as the oracle judged it: what to look for in the implementation's (or proxy's) logs. */
export interface StaleExample {
  /** When the request was sent, ms from the start of the measured window. */
  readonly atMs: number;
  readonly page: string;
  readonly status: 200 | 304;
  /** Time since the write that made the version stale was due. */
  readonly staleForMs: number;
  /** The document the version showed behind (or left out of a group page) … */
  readonly docId: string;
  /** … at this revision (absent when it was left out) … */
  readonly shownRev?: string;
  /** … when this one was due. */
  readonly dueRev: string;
  /** The instance that answered (0-based, in start order), when the harness spread the requests over several itself. */
  readonly instance?: number;
  /** The instance that took the write of dueRev, when it went through a known instance (absent: straight to CouchDB,
   *  or behind a proxy). The same as `instance`: due there at its acknowledgement; another: a grace later. */
  readonly dueRevTakenBy?: number;
}

/** Why a run has no (or only partial) figures. */
export type FailureKind = 'start' | 'crash' | 'unavailable';

/** How the reads were sent (absent in files written before open loop: closed). */
export interface RunLoad {
  readonly mode: 'closed' | 'open';
  /** Open loop: the scheduled rate, requests per second. */
  readonly targetRps?: number;
  /** Open loop: sends of the measured window that found every connection busy and went out late (or never). */
  readonly missedSends?: number;
  /** Open loop: most requests out at once. */
  readonly maxInFlight?: number;
}

export interface RunResult {
  readonly scenario: string;
  /** The implementation spec exactly as given (`reference`, `cmd:node my-server.js`, …). */
  readonly impl: string;
  /** What the implementation's /health said it is (`"version"`, e.g. "express 5.3.0"), when it said. */
  readonly implVersion?: string;
  readonly proxy: string;
  /** Processes of the implementation, when more than one served the run. */
  readonly instances?: number;
  /** Length of the measured window (warm-up excluded). */
  readonly durationS: number;
  readonly warmupS: number;
  /** True when the run was interrupted (Ctrl-C) or cut short: figures cover what was measured. */
  readonly partial: boolean;
  /** Closed or open loop. Open loop: latency counts from each request's intended send time. */
  readonly load?: RunLoad;
  readonly requests: number;
  readonly conditionalRequests: number;
  readonly status: Record<string, number>;
  readonly classes: Record<'fresh200' | 'stale200' | 'valid304' | 'stale304' | 'error', number>;
  readonly hitRate: number;
  readonly idealHitRate: number;
  readonly stale: { readonly '304': number; readonly '200': number };
  /** Distribution of the time since the write that made a stale response stale, per status. */
  readonly staleAgeMs: { readonly '304': Percentiles | null; readonly '200': Percentiles | null };
  readonly invalidationLagMs: LagSummary;
  /** The lag's first part: acknowledgement → the send of the request whose response reflected the write (the
   *  implementation had let the old ETag go by then). The rest is that response's own time. */
  readonly invalidatedBeforeSendMs?: LagSummary;
  readonly invalidatedBeforeSendHistogram?: string;
  /** The raw `_changes` delivery of every write in the window (acknowledged → on the harness's own continuous
   *  feed reader, from node 1 of a cluster), under the run's load: what of the lag is CouchDB's. Absent in files
   *  written before it and where the feed could not be followed; its timeouts are writes it never delivered. */
  readonly feedDeliveryMs?: LagSummary;
  /** Every feed delivery, encoded like histograms. */
  readonly feedDeliveryHistogram?: string;
  /** Several instances the harness spread the requests over itself: after a probed write through one instance,
   *  acknowledged → the first response of another instance (each of the others in turn) that reflects it, under the
   *  run's load. The window a user behind a load balancer meets; the judge allows it up to the grace on the
   *  instances that did not take the write. Absent with one instance and in files written before it. */
  readonly crossInstanceLagMs?: LagSummary;
  /** Every cross-instance lag sample, encoded like histograms. */
  readonly crossInstanceLagHistogram?: string;
  /** Several instances, but the harness could not tell them apart (behind a proxy): why there is no cross-instance lag. */
  readonly crossInstanceLagUnavailable?: string;
  /** A sharded run (--shard i/n): which part of the scenario's load this file holds, for `report --merge`. */
  readonly shard?: RunShard;
  /** Latency per status ("200", "304", …), in milliseconds. */
  readonly latencyMs: Record<string, Percentiles>;
  readonly throughputRps: number;
  readonly errors: number;
  /** Error reasons and their counts (status ≥ 500, no response, a body without a known revision, …). */
  readonly errorReasons: Record<string, number>;
  readonly writes: { readonly app: number; readonly couch: number; readonly conflicts: number; readonly failed: number };
  readonly couchRequests: CouchRequests | null;
  /** CouchDB's own counters (any CouchDB that gives them: Apache CouchDB with admin credentials, the embedded one).
   *  Absent in files written before them, and where this CouchDB gives none. */
  readonly couchdbCounters?: CouchDbCounters;
  /** Behind a proxy: requests that reached the origin (the implementation) during the window, by status. */
  readonly origin?: OriginRequests;
  readonly thresholds: readonly Threshold[];
  /** HDR histograms of latency in microseconds, per status, base64 (hdr-histogram-js encodeIntoCompressedBase64). */
  readonly histograms: Record<string, string>;
  /** Per-bucket series over the measured window (the report's timelines). Absent in files written before them. */
  readonly timeline?: Timeline;
  /** Marks for the timelines (faults, later): ms from the start of the measured window. Empty for now, but always written. */
  readonly events?: readonly TimelineEvent[];
  /** HDR histogram (microseconds, encoded like `histograms`) of invalidation lag: the report's CDF, and exact merges. */
  readonly lagHistogram?: string;
  /** HDR histograms (microseconds, encoded like `histograms`) of stale responses' age since the write that made them stale, per status. */
  readonly staleAgeHistograms?: { readonly '200'?: string; readonly '304'?: string };
  /** The first stale responses of the window (at most STALE_EXAMPLES), in send order. Absent in older files. */
  readonly staleExamples?: readonly StaleExample[];
  /** Set when the implementation could not run; the figures are then empty. */
  readonly failure?: string;
  /** Why there are no (or only partial) figures: it did not start, it crashed during the run, or what it needs
   *  is missing here (e.g. memcached for `ttl`). */
  readonly failureKind?: FailureKind;
}

export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA_ID;
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly environment: {
    readonly kind: 'embedded' | 'external' | 'containers';
    /** The CouchDB measured: its welcome's version and vendor (from GET /). */
    readonly couchdb: { readonly version: string; readonly vendor: string; readonly image?: string; readonly nodes?: number };
    readonly proxyVersions: Record<string, string>;
    readonly node: string;
    readonly machine: { readonly platform: string; readonly arch: string; readonly cpus: number; readonly cpuModel: string; readonly memoryGiB: number };
    /** Requests per second the harness's own hook path reaches against a trivial server (its ceiling). */
    readonly harnessCeilingRps: number | null;
    /** The closed-loop load generator and its version ("undici 7.30.2"); absent in files from before it was recorded. */
    readonly loadGenerator?: string;
  };
  readonly runs: readonly RunResult[];
  /** Each implementation's conformance cases, alone and behind each proxy of the run, when the run recorded them
   *  (the report shows the matrix). */
  readonly conformance?: readonly ConformanceResult[];
}

export interface RunShard {
  /** 1-based, as given to --shard. */
  readonly index: number;
  readonly count: number;
  /** The scenario's seed: shards of one run share it (their parts are drawn from it). */
  readonly seed: number;
  /** When this shard's measured window opened, ISO 8601 (shards started together open theirs together). */
  readonly windowStartedAt: string;
}

export interface ConformanceCaseResult {
  readonly id: string;
  readonly title?: string;
  readonly kind: 'required' | 'optional';
  readonly ok: boolean;
  /** Not run: it judges the origin alone and a proxy stood in front (detail says why); ok is false but it fails nothing. */
  readonly notApplicable?: boolean;
  /** Why it failed, in words (absent when it passed). */
  readonly detail?: string;
}

export interface ConformanceResult {
  readonly impl: string;
  /** The proxy the cases went through (`varnish:revalidate`); absent: straight to the implementation. */
  readonly proxy?: string;
  /** The proxy's own version (`varnish-7.1.1`). */
  readonly proxyVersion?: string;
  /** Set when the suite could not run against the implementation at all. */
  readonly failure?: string;
  readonly cases: readonly ConformanceCaseResult[];
}
