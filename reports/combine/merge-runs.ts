// One run measured by several load machines at once, merged exactly: counts are summed, rates are recomputed
// from the summed counts, latency, lag and stale-age percentiles are read from the summed HDR histograms. A
// figure that cannot be merged exactly (a histogram missing from a file) is left out and said in a note,
// never estimated from per-machine percentiles.

import {
  STALE_EXAMPLES,
  type LagSummary,
  type OriginRequests,
  type Percentiles,
  type RunResult,
  type StaleExample,
  type TimelineEvent,
} from '../../harness/results/types.js';
import { evaluateThresholds } from '../../harness/results/thresholds/evaluate-thresholds.js';
import { parseThreshold } from '../../harness/results/thresholds/parse-threshold.js';
import { mergeEncoded, type EncodedPart } from './hdr-merge.js';
import { mergeTimelines } from './merge-timeline.js';

/** One machine's measurement of the run, and which file it came from. */
export interface MachineRun {
  readonly source: string;
  readonly run: RunResult;
}

export interface MergedRun {
  readonly run: RunResult;
  /** What could not be merged exactly, or what the reader should know, one sentence each. */
  readonly notes: string[];
}

type Counts = Record<string, number>;

function addCounts<T extends Counts>(maps: readonly T[]): T {
  const sum: Counts = {};
  for (const map of maps) for (const [key, n] of Object.entries(map)) sum[key] = (sum[key] ?? 0) + n;
  return sum as T;
}

const total = (runs: readonly RunResult[], read: (run: RunResult) => number): number => runs.reduce((sum, run) => sum + read(run), 0);

// hitRate = hits / conditional requests (summarize-run): the integer count of hits comes back exactly from the
// ratio times the count, so the file need not carry it. The same holds for the ideal hits.
const countOf = (ratio: number, whole: number): number => Math.round(ratio * whole);
const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Every status whose latency a machine measured: a histogram or, in an older file, only percentiles. */
function latencyStatuses(runs: readonly RunResult[]): string[] {
  return [...new Set(runs.flatMap((run) => [...Object.keys(run.histograms), ...Object.keys(run.latencyMs)]))];
}

export function mergeRuns(label: string, machines: readonly MachineRun[]): MergedRun {
  const notes: string[] = [];
  const ok = machines.filter((m) => m.run.failure === undefined);
  const failed = machines.filter((m) => m.run.failure !== undefined);
  if (ok.length === 0) {
    const failure = failed.map((m) => `${m.source}: ${m.run.failure}`).join('; ');
    const first = machines[0]!.run;
    return { run: { ...first, failure, thresholds: rejudge(first.thresholds, { ...first, failure }, label, notes) }, notes };
  }
  for (const m of failed) notes.push(`${label}: failed on ${m.source} (${m.run.failure}); merged from the other machines, marked partial`);
  const runs = ok.map((m) => m.run);
  const first = runs[0]!;
  const conditionalRequests = total(runs, (r) => r.conditionalRequests);
  const hits = total(runs, (r) => countOf(r.hitRate, r.conditionalRequests));
  const idealHits = total(runs, (r) => countOf(r.idealHitRate, r.conditionalRequests));
  const classes = addCounts(runs.map((r) => r.classes));
  const { latencyMs, histograms } = mergeLatency(label, ok, notes);
  const timeline = mergeTimelines(ok.map((m) => ({ source: m.source, timeline: m.run.timeline })));
  if (timeline.note !== undefined) notes.push(`${label}: ${timeline.note}`);
  const lag = mergeLag(label, ok, notes);
  const optionalLags = {
    ...mergeOptionalLag(label, ok, notes, BEFORE_SEND),
    ...mergeOptionalLag(label, ok, notes, FEED_DELIVERY),
    ...mergeOptionalLag(label, ok, notes, CROSS_INSTANCE),
  };
  const staleAge = mergeStaleAges(label, ok, notes);
  const events = mergeEvents(runs);
  // CouchDB's counters are the one shared CouchDB's, each machine's window seeing everyone's traffic: adding them
  // would count it again per machine, and no one machine's figure is the merge's.
  if (runs.some((r) => r.couchdbCounters !== undefined) && runs.length > 1) {
    notes.push(`${label}: CouchDB's own counters (couchdbCounters) are not merged: each machine read the same CouchDB's`);
  }
  const merged: RunResult = {
    scenario: first.scenario,
    impl: first.impl,
    proxy: first.proxy,
    ...(first.instances !== undefined ? { instances: first.instances } : {}),
    // The machines measured the same window side by side: it lasts as long as the longest of them.
    durationS: Math.max(...runs.map((r) => r.durationS)),
    warmupS: Math.max(...runs.map((r) => r.warmupS)),
    partial: failed.length > 0 || runs.some((r) => r.partial),
    requests: total(runs, (r) => r.requests),
    conditionalRequests,
    status: addCounts(runs.map((r) => r.status)),
    classes,
    hitRate: ratio(hits, conditionalRequests),
    idealHitRate: ratio(idealHits, conditionalRequests),
    stale: { '304': total(runs, (r) => r.stale['304']), '200': total(runs, (r) => r.stale['200']) },
    staleAgeMs: staleAge.staleAgeMs,
    invalidationLagMs: lag.summary,
    ...optionalLags,
    ...(first.crossInstanceLagUnavailable !== undefined ? { crossInstanceLagUnavailable: first.crossInstanceLagUnavailable } : {}),
    latencyMs,
    throughputRps: total(runs, (r) => r.throughputRps),
    errors: total(runs, (r) => r.errors),
    errorReasons: addCounts(runs.map((r) => r.errorReasons)),
    writes: addCounts(runs.map((r) => r.writes)),
    couchRequests: mergeCouchRequests(runs),
    ...(runs.length === 1 && first.couchdbCounters !== undefined ? { couchdbCounters: first.couchdbCounters } : {}),
    ...mergeOrigin(label, ok, notes),
    thresholds: [],
    histograms,
    ...(timeline.timeline !== undefined ? { timeline: timeline.timeline } : {}),
    ...(events !== undefined ? { events } : {}),
    ...(lag.encoded !== undefined ? { lagHistogram: lag.encoded } : {}),
    ...(staleAge.encoded !== undefined ? { staleAgeHistograms: staleAge.encoded } : {}),
    ...mergeStaleExamples(runs),
  };
  const thresholdNames = [...new Map(runs.flatMap((r) => r.thresholds).map((th) => [th.name, th])).values()];
  return { run: { ...merged, thresholds: rejudge(thresholdNames, merged, label, notes) }, notes };
}

function mergeLatency(label: string, machines: readonly MachineRun[], notes: string[]) {
  const latencyMs: Record<string, Percentiles> = {};
  const histograms: Record<string, string> = {};
  for (const status of latencyStatuses(machines.map((m) => m.run))) {
    const without = machines.filter((m) => m.run.histograms[status] === undefined);
    if (without.length > 0) {
      notes.push(`${label}: no ${status} latency histogram in ${without.map((m) => m.source).join(', ')}: ${status} latency left out`);
      continue;
    }
    const parts = machines.map((m) => ({ source: m.source, encoded: m.run.histograms[status]! }));
    const merged = mergeEncoded(parts, `histograms.${status} of ${label}`);
    latencyMs[status] = merged.percentiles;
    histograms[status] = merged.encoded;
  }
  return { latencyMs, histograms };
}

/** Lag percentiles come only from the summed lag histograms; without them only the timeouts add up. */
function mergeLag(label: string, machines: readonly MachineRun[], notes: string[]): { summary: LagSummary; encoded?: string } {
  const timeouts = total(
    machines.map((m) => m.run),
    (r) => r.invalidationLagMs.timeouts,
  );
  const none: LagSummary = { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts };
  const sampled = machines.filter((m) => m.run.invalidationLagMs.samples > 0 || m.run.lagHistogram !== undefined);
  if (sampled.length === 0) return { summary: none };
  const without = sampled.filter((m) => m.run.lagHistogram === undefined);
  if (without.length > 0) {
    notes.push(
      `${label}: no lagHistogram in ${without.map((m) => m.source).join(', ')}: invalidation lag cannot be merged exactly, left out (timeouts still summed)`,
    );
    return { summary: none };
  }
  return lagOfHistograms(
    sampled.map((m) => ({ source: m.source, encoded: m.run.lagHistogram! })),
    timeouts,
    `lagHistogram of ${label}`,
  );
}

/** A lag summary from the sum of its machines' histograms; the timeouts, which no histogram holds, given apart. */
function lagOfHistograms(parts: readonly EncodedPart[], timeouts: number, what: string): { summary: LagSummary; encoded: string } {
  const merged = mergeEncoded(parts, what);
  if (merged.count === 0) return { summary: { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts }, encoded: merged.encoded };
  const { p50, p90, p99, max } = merged.percentiles;
  return { summary: { samples: merged.count, p50, p90, p99, max, timeouts }, encoded: merged.encoded };
}

/** Lag-like figures newer than the files they may be merged with: a summary and the histogram it came from. */
interface OptionalLag {
  readonly summary: 'feedDeliveryMs' | 'invalidatedBeforeSendMs' | 'crossInstanceLagMs';
  readonly histogram: 'feedDeliveryHistogram' | 'invalidatedBeforeSendHistogram' | 'crossInstanceLagHistogram';
  readonly what: string;
}

const FEED_DELIVERY: OptionalLag = { summary: 'feedDeliveryMs', histogram: 'feedDeliveryHistogram', what: "the raw feed's delivery" };
const CROSS_INSTANCE: OptionalLag = { summary: 'crossInstanceLagMs', histogram: 'crossInstanceLagHistogram', what: 'the cross-instance lag' };
const BEFORE_SEND: OptionalLag = { summary: 'invalidatedBeforeSendMs', histogram: 'invalidatedBeforeSendHistogram', what: "the lag's part before the send" };

/** From the summed histograms; left out, noted, unless every machine measured it (absent when none did). */
function mergeOptionalLag(label: string, machines: readonly MachineRun[], notes: string[], lag: OptionalLag): Partial<RunResult> {
  if (!machines.some((m) => m.run[lag.summary] !== undefined)) return {};
  const without = machines.filter((m) => m.run[lag.histogram] === undefined);
  if (without.length > 0) {
    notes.push(`${label}: no ${lag.histogram} in ${without.map((m) => m.source).join(', ')}: ${lag.what} left out`);
    return {};
  }
  const timeouts = total(
    machines.map((m) => m.run),
    (r) => r[lag.summary]?.timeouts ?? 0,
  );
  const { summary, encoded } = lagOfHistograms(
    machines.map((m) => ({ source: m.source, encoded: m.run[lag.histogram]! })),
    timeouts,
    `${lag.histogram} of ${label}`,
  );
  return { [lag.summary]: summary, [lag.histogram]: encoded };
}

function mergeStaleAges(label: string, machines: readonly MachineRun[], notes: string[]) {
  const staleAgeMs: { '304': Percentiles | null; '200': Percentiles | null } = { '304': null, '200': null };
  const encoded: { '304'?: string; '200'?: string } = {};
  for (const status of ['304', '200'] as const) {
    const sampled = machines.filter((m) => m.run.stale[status] > 0 || m.run.staleAgeHistograms?.[status] !== undefined);
    if (sampled.length === 0) continue;
    const without = sampled.filter((m) => m.run.staleAgeHistograms?.[status] === undefined);
    if (without.length > 0) {
      notes.push(`${label}: no staleAgeHistograms.${status} in ${without.map((m) => m.source).join(', ')}: stale ${status} ages left out`);
      continue;
    }
    const parts = sampled.map((m) => ({ source: m.source, encoded: m.run.staleAgeHistograms![status]! }));
    const merged = mergeEncoded(parts, `staleAgeHistograms.${status} of ${label}`);
    encoded[status] = merged.encoded;
    if (merged.count > 0) staleAgeMs[status] = merged.percentiles;
  }
  return { staleAgeMs, encoded: Object.keys(encoded).length > 0 ? encoded : undefined };
}

/** Same-moment events seen by several machines (a fault, a restart) are listed once. */
function mergeEvents(runs: readonly RunResult[]): TimelineEvent[] | undefined {
  if (runs.every((r) => r.events === undefined)) return undefined;
  const unique = new Map(runs.flatMap((r) => r.events ?? []).map((e) => [JSON.stringify([e.atMs, e.kind, e.label]), e]));
  return [...unique.values()].sort((a, b) => a.atMs - b.atMs);
}

// Page requests include the harness's probes, which results.json does not count: the per-page figure of the
// merge is the request-weighted mean of the machines' figures (exact up to those probes and to 3 decimals).
function mergeCouchRequests(runs: readonly RunResult[]): RunResult['couchRequests'] {
  if (runs.some((r) => r.couchRequests === null)) return null;
  const couch = runs.map((r) => r.couchRequests!);
  if (couch.length === 1) return couch[0]!;
  const requests = total(runs, (r) => r.requests);
  const weighted = runs.reduce((sum, r) => sum + r.couchRequests!.perPageRequest * r.requests, 0);
  return {
    byRoute: addCounts(couch.map((c) => c.byRoute)),
    total: couch.reduce((sum, c) => sum + c.total, 0),
    perPageRequest: Math.round(ratio(weighted, requests) * 1000) / 1000,
  };
}

function mergeOrigin(label: string, machines: readonly MachineRun[], notes: string[]): { origin?: OriginRequests } {
  const withOrigin = machines.filter((m) => m.run.origin !== undefined);
  if (withOrigin.length === 0) return {};
  if (withOrigin.length < machines.length) {
    const without = machines.filter((m) => m.run.origin === undefined).map((m) => m.source);
    notes.push(`${label}: no origin figures in ${without.join(', ')}: origin left out`);
    return {};
  }
  const origins = withOrigin.map((m) => m.run.origin!);
  return { origin: { requests: origins.reduce((sum, o) => sum + o.requests, 0), status: addCounts(origins.map((o) => o.status)) } };
}

// A threshold's name is its text (`stale304 == 0`); older files split it into name and limit. Judged again on
// the merged figures; one that cannot be read again fails, as a criterion that could not be checked.
function rejudge(thresholds: RunResult['thresholds'], run: RunResult, label: string, notes: string[]): RunResult['thresholds'] {
  return thresholds.map((th) => {
    for (const text of [th.name, `${th.name} ${th.limit}`]) {
      try {
        parseThreshold(text);
      } catch {
        continue;
      }
      return { ...evaluateThresholds([text], run)[0]!, name: th.name };
    }
    notes.push(`${label}: threshold "${th.name} ${th.limit}" cannot be judged again on the merged figures: counted as failed`);
    return { ...th, value: null, ok: false };
  });
}

/** The machines' windows run side by side: their first stale responses, in send order, as many as one run keeps. */
function mergeStaleExamples(runs: readonly RunResult[]): { staleExamples?: StaleExample[] } {
  if (runs.every((r) => r.staleExamples === undefined)) return {};
  const all = runs.flatMap((r) => r.staleExamples ?? []);
  return { staleExamples: all.sort((a, b) => a.atMs - b.atMs).slice(0, STALE_EXAMPLES) };
}
