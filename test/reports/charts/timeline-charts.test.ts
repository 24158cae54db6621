import t from 'tap';
import type { RunResult, Timeline } from '../../../harness/results/types.js';
import { timelineCharts, timelineSeries } from '../../../reports/charts/timeline-charts.js';
import { withRuns } from '../../fixtures/results-smoke.js';

/** Three 1 s buckets; the window is 2.5 s long, so the last bucket holds half a second. */
const TIMELINE: Timeline = {
  bucketMs: 1000,
  responses: [400, 500, 50],
  conditional: [400, 0, 50],
  hits: [300, 0, 50],
  stale: [0, 2, 0],
  errors: [0, 1, 0],
  latencyP50Ms: [0.5, 0.6, null],
  latencyP99Ms: [2, 3.5, null],
  writes: [2, 0, 1],
};

/** A run as an older results file holds it. */
function olderRun(run: RunResult): RunResult {
  const copy: Record<string, unknown> = { ...run };
  for (const key of ['timeline', 'events', 'lagHistogram', 'staleAgeHistograms']) delete copy[key];
  return copy as unknown as RunResult;
}

t.test('figures per bucket, at the middle of each bucket', async (t) => {
  const run = { ...withRuns((runs) => [runs[0]!]).runs[0]!, durationS: 2.5 } as RunResult;
  const series = timelineSeries(run, TIMELINE, 3);
  t.equal(series.label, 'reference');
  t.equal(series.colourIndex, 3);
  t.same(
    series.throughputRps,
    [
      { x: 0.5, y: 400 },
      { x: 1.5, y: 500 },
      { x: 2.25, y: 100 },
    ],
    'the short last bucket: 50 in 0.5 s is 100 /s',
  );
  t.same(
    series.hitRatePct.map((point) => point.y),
    [75, null, 100],
    'no conditional request: no hit rate, not 0%',
  );
  t.same(
    series.latencyP50Ms.map((point) => point.y),
    [0.5, 0.6, null],
    'no response: no latency',
  );
  t.same(
    series.latencyP99Ms.map((point) => point.y),
    [2, 3.5, null],
  );
  t.same(
    series.writesPerS.map((point) => point.y),
    [2, 0, 2],
  );
});

t.test('a chart per scenario: a series per run with a timeline, the others named', async (t) => {
  const results = withRuns((runs) => {
    const [ref, seed] = runs as [RunResult, RunResult];
    return [
      { ...ref, timeline: TIMELINE, durationS: 2.5, events: [{ atMs: 1200, kind: 'couch-pause', label: 'CouchDB paused' }] },
      {
        ...ref,
        proxy: 'varnish:purge',
        timeline: TIMELINE,
        durationS: 2.5,
        events: [
          { atMs: 1230, kind: 'couch-pause', label: 'CouchDB paused' },
          { atMs: 400, kind: 'proxy-reset', label: 'proxy connections reset' },
        ],
      },
      olderRun(seed),
      { ...ref, impl: 'broken', failure: 'exited with code 1', timeline: TIMELINE },
      { ...ref, scenario: 'other', timeline: { ...TIMELINE, bucketMs: 0 } },
    ];
  });
  const [main, other] = timelineCharts(results, ['read-mostly', 'other']);
  t.same(
    main!.series.map((series) => [series.label, series.colourIndex]),
    [
      ['reference', 0],
      ['reference via varnish:purge', 1],
    ],
  );
  t.same(main!.notRecorded, ['seed'], 'a run without a timeline is named; a failed run is not drawn at all');
  t.same(
    main!.events,
    [
      { atS: 0.4, kind: 'proxy-reset', label: 'proxy connections reset' },
      { atS: 1.2, kind: 'couch-pause', label: 'CouchDB paused' },
    ],
    'the same fault seen by two runs is marked once; events in time order',
  );
  t.equal(main!.endS, 2.5, 'the x axis ends with the window');
  t.same(main!.bucketsS, [1]);
  t.same(other!.series, [], 'a timeline without a bucket width is not drawn');
  t.same(other!.notRecorded, ['reference']);
  t.same(other!.events, []);
});
