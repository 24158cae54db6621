// The JSON Schema of one run in results.json, written against RunResult (types.ts): a schema that does not match
// the type does not compile.

import type { JSONSchemaType } from 'ajv';
import type {
  CouchCountersWindow,
  CouchDbCounters,
  CouchRequests,
  LagSummary,
  OriginRequests,
  Percentiles,
  ReadCost,
  ReadCosts,
  RunLoad,
  RunResult,
  RunShard,
  StaleExample,
  Threshold,
  Timeline,
  TimelineEvent,
} from './types.js';
import { boolean, enumOf, number, object, orNull, record, string } from './typed-schema.js';

const percentiles = object<Percentiles>({
  required: { p50: number, p90: number, p99: number, p999: number, max: number },
  optional: {},
});

const lagSummary = object<LagSummary>({
  required: { samples: number, p50: number, p90: number, p99: number, max: number, timeouts: number },
  optional: {},
});

const threshold = object<Threshold>({
  required: { name: string, limit: string, value: orNull(number), ok: boolean },
  optional: {},
});

const couchRequests = object<CouchRequests>({
  required: { byRoute: record(number), total: number, perPageRequest: number },
  optional: {},
});

const readCost = object<ReadCost>({ required: { requests: number, statuses: record(number), reads: number, readsPer1000: number }, optional: {} });

const couchdbCounters = object<CouchDbCounters>(
  {
    required: {
      window: orNull(
        object<CouchCountersWindow>({
          required: { databaseReads: number, databaseWrites: number, httpdRequests: number, readsPer1000Responses: number },
          optional: {},
        }),
        'null when CouchDB restarted in the window',
      ),
      readCosts: orNull(object<ReadCosts>({ required: { unconditional: readCost, conditional: readCost }, optional: {} })),
    },
    optional: { missing: string },
  },
  "CouchDB's own counters (/_node/_local/_stats/couchdb): over the window, and per burst of unconditional and conditional GETs after it.",
);

const origin = object<OriginRequests>(
  { required: { requests: number, status: record(number) }, optional: {} },
  'Behind a proxy: requests that reached the origin during the measured window, by status.',
);

const load = object<RunLoad>(
  {
    required: { mode: enumOf<RunLoad['mode']>({ closed: true, open: true }) },
    optional: {
      targetRps: { type: 'number', exclusiveMinimum: 0 },
      missedSends: { type: 'integer', minimum: 0 },
      maxInFlight: { type: 'integer', minimum: 1 },
    },
  },
  "How the reads were sent (absent in older files: closed loop). Open loop: latency counts from each request's intended send time.",
);

const counts: JSONSchemaType<readonly number[]> = { type: 'array', items: number };
const msOrNull: JSONSchemaType<readonly (number | null)[]> = { type: 'array', items: orNull(number), $comment: 'null for a bucket without responses' };

const timeline = object<Timeline>(
  {
    required: {
      bucketMs: { type: 'number', exclusiveMinimum: 0 },
      responses: counts,
      conditional: counts,
      hits: counts,
      stale: counts,
      errors: counts,
      latencyP50Ms: msOrNull,
      latencyP99Ms: msOrNull,
      writes: counts,
    },
    optional: {},
  },
  'Per-bucket series over the measured window; bucket i covers [i·bucketMs, (i+1)·bucketMs) from its start.',
);

const event = object<TimelineEvent>({ required: { atMs: number, kind: string, label: string }, optional: {} });
const staleExample = object<StaleExample>({
  required: {
    atMs: number,
    page: string,
    status: { type: 'integer', enum: [200, 304] } as unknown as JSONSchemaType<200 | 304>,
    staleForMs: number,
    docId: string,
    dueRev: string,
  },
  optional: { shownRev: string, instance: { type: 'integer', minimum: 0 }, dueRevTakenBy: { type: 'integer', minimum: 0 } },
});

export const runSchema = object<RunResult>({
  required: {
    scenario: string,
    impl: string,
    proxy: string,
    durationS: number,
    warmupS: number,
    partial: boolean,
    requests: number,
    conditionalRequests: number,
    status: record(number),
    classes: object<RunResult['classes']>({
      required: { fresh200: number, stale200: number, valid304: number, stale304: number, error: number },
      optional: {},
    }),
    hitRate: number,
    idealHitRate: number,
    stale: object<RunResult['stale']>({ required: { '304': number, '200': number }, optional: {} }),
    staleAgeMs: object<RunResult['staleAgeMs']>({ required: { '304': orNull(percentiles), '200': orNull(percentiles) }, optional: {} }),
    invalidationLagMs: lagSummary,
    latencyMs: record(percentiles),
    throughputRps: number,
    errors: number,
    errorReasons: record(number),
    writes: object<RunResult['writes']>({ required: { app: number, couch: number, conflicts: number, failed: number }, optional: {} }),
    couchRequests: orNull(couchRequests, "null when the implementation's CouchDB traffic was not observed"),
    thresholds: { type: 'array', items: threshold },
    histograms: record(string, 'HDR histograms of latency in µs, per status, base64 (hdr-histogram-js encodeIntoCompressedBase64).'),
  },
  optional: {
    implVersion: { type: 'string', maxLength: 200, description: 'What the implementation\'s /health said it is (its `version`), e.g. "express 5.3.0".' },
    instances: { type: 'integer', minimum: 1 },
    load,
    origin,
    couchdbCounters,
    timeline,
    events: { type: 'array', items: event, description: 'Marks for the timelines (faults, …): ms from the start of the measured window.' },
    lagHistogram: { type: 'string', description: 'HDR histogram of invalidation lag in µs, encoded like histograms.' },
    invalidatedBeforeSendMs: {
      ...lagSummary,
      description: "The lag's first part: acknowledgement → the send of the request whose response reflected the write.",
    },
    invalidatedBeforeSendHistogram: { type: 'string', description: 'HDR histogram of invalidatedBeforeSendMs in µs, encoded like histograms.' },
    feedDeliveryMs: {
      ...lagSummary,
      description: "The raw _changes delivery of the window's writes (acknowledged → on the harness's own feed reader); timeouts: never delivered.",
    },
    feedDeliveryHistogram: { type: 'string', description: 'HDR histogram of the raw feed delivery in µs, encoded like histograms.' },
    crossInstanceLagMs: {
      ...lagSummary,
      description:
        'Several instances the harness spread the requests over itself: after a probed write through one, acknowledged → the first response of another instance that reflects it; timeouts: never reflected by the deadline.',
    },
    crossInstanceLagHistogram: { type: 'string', description: 'HDR histogram of the cross-instance lag in µs, encoded like histograms.' },
    crossInstanceLagUnavailable: {
      type: 'string',
      description: 'Several instances the harness could not tell apart (behind a proxy): why there is no cross-instance lag.',
    },
    staleAgeHistograms: object<NonNullable<RunResult['staleAgeHistograms']>>(
      { required: {}, optional: { '200': string, '304': string } },
      "HDR histograms of stale responses' age in µs, per status, encoded like histograms.",
    ),
    staleExamples: {
      type: 'array',
      items: staleExample,
      description: 'The first stale responses of the window, in send order: page, status, the document shown behind and the revision due.',
    },
    shard: object<RunShard>(
      {
        required: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 }, seed: { type: 'integer' }, windowStartedAt: string },
        optional: {},
      },
      "A sharded run (--shard i/n): the part of the scenario's load this file holds, the scenario's seed, and when its window opened.",
    ),
    failure: { type: 'string', description: 'Set when the implementation could not run; the figures are then empty.' },
    failureKind: enumOf<NonNullable<RunResult['failureKind']>>(
      { start: true, crash: true, unavailable: true },
      'start: the implementation did not start; crash: it exited during the run; unavailable: what it needs is missing here.',
    ),
  },
});
