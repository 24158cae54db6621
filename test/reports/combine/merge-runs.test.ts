import t from 'tap';
import { createHistogram, encodeHistogram, percentilesMs, recordMs } from '../../../harness/results/latency-histogram.js';
import { LONG_HIGHEST_US } from '../../../harness/metrics/sample-percentiles.js';
import type { RunResult, Timeline } from '../../../harness/results/types.js';
import { mergeEncoded, UndecodableHistogramError } from '../../../reports/combine/hdr-merge.js';
import { mergeResults } from '../../../reports/combine/merge-results.js';
import { mergeRuns, type MachineRun } from '../../../reports/combine/merge-runs.js';
import { mergeTimelines } from '../../../reports/combine/merge-timeline.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

function encodedOf(valuesMs: readonly number[], highestUs?: number): string {
  const histogram = createHistogram(highestUs);
  for (const ms of valuesMs) recordMs(histogram, ms);
  return encodeHistogram(histogram);
}

const reference = (): RunResult => smokeResults().runs[0]!;
const seed = (): RunResult => smokeResults().runs[1]!;
/** A run as an older file has it, without the optional histograms and series. */
function older(run: RunResult): RunResult {
  const { lagHistogram: _lag, staleAgeHistograms: _stale, timeline: _timeline, events: _events, ...rest } = run;
  return rest;
}
const machines = (...runs: RunResult[]): MachineRun[] => runs.map((run, i) => ({ source: `m${i + 1}.json`, run }));

t.test('HDR merge: percentiles of the summed histograms equal those of one histogram of every value', async (t) => {
  const a = Array.from({ length: 3000 }, (_, i) => 0.2 + (i % 300) / 100);
  const b = Array.from({ length: 700 }, (_, i) => 5 + ((i * 37) % 900) / 10);
  const whole = createHistogram();
  for (const ms of [...a, ...b]) recordMs(whole, ms);
  const merged = mergeEncoded(
    [
      { source: 'a', encoded: encodedOf(a) },
      { source: 'b', encoded: encodedOf(b) },
    ],
    'test',
  );
  t.equal(merged.count, 3700, 'every count arrives');
  t.same(merged.percentiles, percentilesMs(whole), 'p50, p90, p99, p999 and max identical');
});

t.test('HDR merge is not the average of percentiles', async (t) => {
  // 1000 fast requests on one machine, 10 slow ones on the other: the slow ones are under 1% of the total.
  const fast = Array.from({ length: 1000 }, () => 1);
  const slow = Array.from({ length: 10 }, () => 100);
  const merged = mergeEncoded(
    [
      { source: 'fast', encoded: encodedOf(fast) },
      { source: 'slow', encoded: encodedOf(slow) },
    ],
    'test',
  );
  const averageP99 = (1 + 100) / 2;
  t.equal(merged.percentiles.p99, 1, 'p99 of all 1010 requests is 1 ms');
  t.not(merged.percentiles.p99, averageP99, 'not the 50.5 ms an average of the two p99s would claim');
  t.ok(Math.abs(merged.percentiles.max - 100) <= 0.1, `max is the slow machine's 100 ms (${merged.percentiles.max})`);
});

t.test('HDR merge keeps lag values beyond the 60 s latency range', async (t) => {
  const merged = mergeEncoded(
    [
      { source: 'a', encoded: encodedOf([10, 20], LONG_HIGHEST_US) },
      { source: 'b', encoded: encodedOf([90_000], LONG_HIGHEST_US) },
    ],
    'lag',
  );
  t.ok(Math.abs(merged.percentiles.max - 90_000) <= 90, `a 90 s lag stays 90 s (${merged.percentiles.max})`);
});

t.test('an undecodable histogram names the file and the field', async (t) => {
  let caught: unknown;
  try {
    mergeEncoded([{ source: 'b.json', encoded: 'not base64 HDR' }], 'histograms.200 of x');
  } catch (error) {
    caught = error;
  }
  t.ok(caught instanceof UndecodableHistogramError, 'an UndecodableHistogramError');
  t.equal((caught as UndecodableHistogramError).source, 'b.json');
  t.match((caught as Error).message, /^histograms\.200 of x in b\.json is not a decodable HDR histogram/);
});

t.test('counts are summed and rates recomputed from the summed counts', async (t) => {
  const a: RunResult = { ...reference(), conditionalRequests: 5000, hitRate: 0.8, idealHitRate: 0.8 };
  const b: RunResult = { ...seed(), impl: 'reference', conditionalRequests: 1000, hitRate: 0.5, idealHitRate: 0.25 };
  const { run, notes } = mergeRuns('read-mostly × reference', machines(a, b));
  t.equal(run.requests, 5000 + 4505);
  t.equal(run.conditionalRequests, 6000);
  t.equal(run.hitRate, (4000 + 500) / 6000, 'hits 4000 + 500 over 6000 conditional, not the mean 0.65 of the two rates');
  t.equal(run.idealHitRate, (4000 + 250) / 6000);
  t.same(run.status, { '200': 2000, '304': 7500, '502': 5 });
  t.same(run.classes, { fresh200: 2000, stale200: 0, valid304: 7458, stale304: 42, error: 5 });
  t.same(run.stale, { '304': 42, '200': 0 });
  t.equal(run.errors, 5);
  t.same(run.errorReasons, { 'status 502': 5 });
  t.same(run.writes, { app: 0, couch: 80, conflicts: 0, failed: 0 });
  t.equal(run.throughputRps, 950.5, 'throughput of machines side by side adds up');
  t.equal(run.durationS, 10, 'the same window, not twice as long');
  t.equal(run.couchRequests, null, 'not observed on one machine: not known for the whole');
  t.equal(run.partial, false);
  t.equal(run.invalidationLagMs.samples, 40 + 37, 'lag samples from both lag histograms');
  t.equal(run.invalidationLagMs.timeouts, 3);
  t.same(notes, [], 'nothing left out: both files carry every histogram');
});

t.test('latency comes from the summed histograms; thresholds are judged again', async (t) => {
  const a = reference();
  const b: RunResult = { ...seed(), impl: 'reference' };
  const { run } = mergeRuns('x', machines(a, b));
  for (const status of ['200', '304']) {
    const merged = mergeEncoded(
      [
        { source: 'a', encoded: a.histograms[status]! },
        { source: 'b', encoded: b.histograms[status]! },
      ],
      status,
    );
    t.same(run.latencyMs[status], merged.percentiles, `${status} percentiles from the sum`);
    t.equal(run.histograms[status], merged.encoded, `${status} histogram saved merged`);
  }
  t.notOk(run.latencyMs['502'], 'a status whose histogram one machine lacks is left out, not guessed');
  const same = mergeRuns('x', machines(a, reference())).run;
  t.same(same.latencyMs, a.latencyMs, 'twice the same distribution has the same percentiles');
  t.same(
    run.thresholds.map((th) => [th.name, th.value, th.ok]),
    [
      ['stale304', 42, false],
      ['hitRate', run.hitRate, true],
    ],
    'stale304 == 0 fails on the merged 42',
  );
});

t.test('lag and stale ages merge from their histograms when every machine has them', async (t) => {
  const lagA = [10, 11, 12, 13, 500];
  const lagB = [20, 21];
  const a: RunResult = { ...seed(), lagHistogram: encodedOf(lagA, LONG_HIGHEST_US), staleAgeHistograms: { '304': encodedOf([100, 200], LONG_HIGHEST_US) } };
  const b: RunResult = { ...seed(), lagHistogram: encodedOf(lagB, LONG_HIGHEST_US), staleAgeHistograms: { '304': encodedOf([300], LONG_HIGHEST_US) } };
  const { run, notes } = mergeRuns('x', machines(a, b));
  const whole = createHistogram(LONG_HIGHEST_US);
  for (const ms of [...lagA, ...lagB]) recordMs(whole, ms);
  const { p50, p90, p99, max } = percentilesMs(whole);
  t.same(run.invalidationLagMs, { samples: 7, p50, p90, p99, max, timeouts: 6 });
  t.ok(run.lagHistogram, 'the merged lag histogram is kept for a later merge');
  t.equal(run.staleAgeMs['304']?.max !== undefined && Math.round(run.staleAgeMs['304'].max), 300);
  t.equal(run.staleAgeMs['200'], null, 'no stale 200 anywhere');
  t.same(notes, []);

  const { run: partialLag, notes: lagNotes } = mergeRuns('x', machines(a, older(seed())));
  t.same(partialLag.invalidationLagMs, { samples: 0, p50: 0, p90: 0, p99: 0, max: 0, timeouts: 6 }, 'left out, timeouts still summed');
  t.match(lagNotes.join('\n'), /no lagHistogram in m2\.json/);
  t.match(lagNotes.join('\n'), /no staleAgeHistograms\.304 in m2\.json: stale 304 ages left out/);
  t.equal(partialLag.staleAgeMs['304'], null);
});

t.test("the raw feed's delivery merges from its histograms, and is left out, noted, when a machine lacks one", async (t) => {
  const feedA = [1, 2, 3, 40];
  const feedB = [5];
  const summary = (samples: number, timeouts: number) => ({ samples, p50: 0, p90: 0, p99: 0, max: 0, timeouts });
  const a: RunResult = { ...seed(), feedDeliveryMs: summary(4, 1), feedDeliveryHistogram: encodedOf(feedA, LONG_HIGHEST_US) };
  const b: RunResult = { ...seed(), feedDeliveryMs: summary(1, 2), feedDeliveryHistogram: encodedOf(feedB, LONG_HIGHEST_US) };
  const { run, notes } = mergeRuns('x', machines(a, b));
  const whole = createHistogram(LONG_HIGHEST_US);
  for (const ms of [...feedA, ...feedB]) recordMs(whole, ms);
  const { p50, p90, p99, max } = percentilesMs(whole);
  t.same(run.feedDeliveryMs, { samples: 5, p50, p90, p99, max, timeouts: 3 }, 'counts add, percentiles of the summed histogram');
  t.ok(run.feedDeliveryHistogram, 'kept for a later merge');
  t.same(notes, []);

  const { run: without, notes: withoutNotes } = mergeRuns('x', machines(a, seed()));
  t.equal(without.feedDeliveryMs, undefined, 'left out rather than taken from one machine');
  t.match(withoutNotes.join('\n'), /no feedDeliveryHistogram in m2\.json: the raw feed's delivery left out/);
  t.equal(mergeRuns('x', machines(seed(), seed())).run.feedDeliveryMs, undefined, 'no machine measured it: absent, no note');
});

t.test('the cross-instance lag merges from its histograms; the reason it is unavailable is kept', async (t) => {
  const crossA = [2, 4, 30];
  const crossB = [8];
  const summary = (samples: number, timeouts: number) => ({ samples, p50: 0, p90: 0, p99: 0, max: 0, timeouts });
  const a: RunResult = { ...seed(), crossInstanceLagMs: summary(3, 0), crossInstanceLagHistogram: encodedOf(crossA, LONG_HIGHEST_US) };
  const b: RunResult = { ...seed(), crossInstanceLagMs: summary(1, 1), crossInstanceLagHistogram: encodedOf(crossB, LONG_HIGHEST_US) };
  const { run, notes } = mergeRuns('x', machines(a, b));
  const whole = createHistogram(LONG_HIGHEST_US);
  for (const ms of [...crossA, ...crossB]) recordMs(whole, ms);
  const { p50, p90, p99, max } = percentilesMs(whole);
  t.same(run.crossInstanceLagMs, { samples: 4, p50, p90, p99, max, timeouts: 1 });
  t.ok(run.crossInstanceLagHistogram);
  t.same(notes, []);
  const unavailable = 'behind varnish the harness cannot know which instance took a write or answered a request';
  const behind: RunResult = { ...seed(), crossInstanceLagUnavailable: unavailable };
  t.equal(mergeRuns('x', machines(behind, behind)).run.crossInstanceLagUnavailable, unavailable);
});

t.test('a machine whose run failed: merged from the others, marked partial', async (t) => {
  const failed: RunResult = { ...reference(), failure: 'reference did not start' };
  const { run, notes } = mergeRuns('x', machines(reference(), failed));
  t.equal(run.requests, 5000);
  t.equal(run.partial, true);
  t.equal(run.failure, undefined);
  t.match(notes[0], /failed on m2\.json \(reference did not start\)/);
  const { run: allFailed } = mergeRuns('x', machines(failed, failed));
  t.equal(allFailed.failure, 'm1.json: reference did not start; m2.json: reference did not start');
  t.ok(
    allFailed.thresholds.every((th) => !th.ok && th.value === null),
    'no threshold can be met by a failed run',
  );
});

t.test('timelines add bucket by bucket; latency series are not averaged', async (t) => {
  const line = (responses: number[], bucketMs = 1000): Timeline => ({
    bucketMs,
    responses,
    conditional: responses,
    hits: responses.map((n) => n - 1),
    stale: responses.map(() => 0),
    errors: responses.map(() => 1),
    latencyP50Ms: responses.map(() => 1),
    latencyP99Ms: responses.map(() => 5),
    writes: responses.map(() => 2),
  });
  const merged = mergeTimelines([
    { source: 'a', timeline: line([10, 20, 30]) },
    { source: 'b', timeline: line([1, 2]) },
  ]);
  t.same(merged.timeline?.responses, [11, 22, 30]);
  t.same(merged.timeline?.hits, [9, 20, 29]);
  t.same(merged.timeline?.errors, [2, 2, 1]);
  t.same(merged.timeline?.writes, [4, 4, 2]);
  t.same(merged.timeline?.latencyP99Ms, [null, null, null]);
  t.same(mergeTimelines([{ source: 'a', timeline: line([1]) }]).timeline?.latencyP99Ms, [5], 'one machine keeps its own');
  t.match(
    mergeTimelines([
      { source: 'a', timeline: line([1]) },
      { source: 'b', timeline: line([1], 500) },
    ]).note,
    /buckets differ \(a 1000 ms, b 500 ms\)/,
  );
  t.match(
    mergeTimelines([
      { source: 'a', timeline: line([1]) },
      { source: 'b', timeline: undefined },
    ]).note,
    /no timeline in b/,
  );
  t.same(mergeTimelines([{ source: 'a', timeline: undefined }]), {});
});

t.test('files merge run by run; a run one file lacks is marked partial', async (t) => {
  const a = smokeResults();
  const b = { ...smokeResults(), startedAt: '2025-11-25T21:59:58.000Z', runs: [smokeResults().runs[0]!] };
  const { results, notes } = mergeResults([
    { source: 'a.json', results: a },
    { source: 'b.json', results: b },
  ]);
  t.equal(results.runs.length, 2);
  t.equal(results.runs[0]!.requests, 10_000);
  t.equal(results.runs[0]!.partial, false);
  t.equal(results.runs[1]!.requests, 4505);
  t.equal(results.runs[1]!.partial, true);
  t.equal(results.startedAt, '2025-11-25T21:59:58.000Z', 'the earliest start');
  t.equal(results.environment.harnessCeilingRps, 82_500, "the machines' ceilings together");
  t.match(notes.join('\n'), /read-mostly × seed: not in b\.json: merged from 1 of 2 files, marked partial/);
});
