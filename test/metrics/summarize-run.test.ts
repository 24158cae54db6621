import t from 'tap';
import { summarizeRun } from '../../harness/metrics/summarize-run.js';
import { decodeHistogram } from '../../harness/results/latency-histogram.js';
import type { Exchange, Verdict } from '../../harness/oracle/types.js';
import { STALE_EXAMPLES } from '../../harness/results/types.js';

const page = '/doc/d';
const cond = { sentEtag: '"e"', cachedRevs: [] };
// The measured window is [1000, 3000): 2 s.
const run: Array<[Exchange, Verdict]> = [
  // warm-up: excluded whatever it says
  [
    { page, sentAt: 999, receivedAt: 1001, status: 304, ...cond },
    { class: 'stale304', staleForMs: 500, behind: { docId: 'd', shownRev: '0-z', dueRev: '1-a' }, idealHit: false },
  ],
  // measured
  [
    { page, sentAt: 1000, receivedAt: 1001, status: 304, ...cond },
    { class: 'valid304', idealHit: true },
  ],
  [
    { page, sentAt: 1100, receivedAt: 1102, status: 304, ...cond },
    { class: 'stale304', staleForMs: 40, behind: { docId: 'd', shownRev: '1-a', dueRev: '2-b' }, idealHit: false },
  ],
  [
    { page, sentAt: 1200, receivedAt: 1204, status: 200, ...cond },
    { class: 'fresh200', idealHit: true },
  ],
  [
    { page, sentAt: 1300, receivedAt: 1308, status: 200, ...cond },
    { class: 'fresh200', idealHit: false },
  ],
  [
    { page, sentAt: 1400, receivedAt: 1403, status: 200 },
    { class: 'stale200', staleForMs: 7, behind: { docId: 'd', shownRev: '1-a', dueRev: '2-b' } },
  ],
  [{ page, sentAt: 1500, receivedAt: 1503, status: 200 }, { class: 'fresh200' }],
  [
    { page, sentAt: 1600, receivedAt: 1650, status: 503 },
    { class: 'error', reason: 'status 503' },
  ],
  [
    { page, sentAt: 2999, receivedAt: 4000, status: 0 },
    { class: 'error', reason: 'no response' },
  ],
  // after the window: excluded
  [
    { page, sentAt: 3000, receivedAt: 3001, status: 200 },
    { class: 'stale200', staleForMs: 900, behind: { docId: 'd', shownRev: '1-a', dueRev: '3-c' } },
  ],
];
const input = { exchanges: run.map(([e]) => e), verdicts: run.map(([, v]) => v), windowStart: 1000, windowEnd: 3000 };

t.test('counts only exchanges sent inside the measured window', async (t) => {
  const figures = summarizeRun(input);
  t.equal(figures.requests, 8, 'sent at 1000 counts, at 999 and 3000 do not');
  t.same(figures.status, { '200': 4, '304': 2, '503': 1, '0': 1 }, 'by status, "0" for no response');
  t.same(figures.classes, { fresh200: 3, stale200: 1, valid304: 1, stale304: 1, error: 2 });
  t.same(figures.stale, { '304': 1, '200': 1 });
  t.equal(figures.errors, 2);
  t.same(figures.errorReasons, { 'status 503': 1, 'no response': 1 });
});

t.test('hit rate and ideal hit rate are shares of conditional requests', async (t) => {
  const figures = summarizeRun(input);
  t.equal(figures.conditionalRequests, 4);
  t.equal(figures.hitRate, 2 / 4, 'two 304s out of four conditional requests');
  t.equal(figures.idealHitRate, 2 / 4, 'two of the four ETags named the current version');
});

t.test('stale ages and latencies per status', async (t) => {
  const figures = summarizeRun(input);
  // One sample each: every percentile is that sample, to HDR precision (the top of its bucket, ≤ 0.1% above).
  const only = (value: number | undefined, expected: number): boolean => value !== undefined && value >= expected && value <= expected * 1.001;
  t.ok(only(figures.staleAgeMs['304']?.max, 40), `stale 304 max ${figures.staleAgeMs['304']?.max}: 40 ms, the warm-up one (500 ms) left out`);
  t.ok(only(figures.staleAgeMs['304']?.p50, 40), `stale 304 p50 ${figures.staleAgeMs['304']?.p50}`);
  t.ok(only(figures.staleAgeMs['200']?.p50, 7) && only(figures.staleAgeMs['200']?.max, 7), 'stale 200s: 7 ms');
  t.same(Object.keys(figures.latencyMs).sort(), ['0', '200', '304', '503']);
  t.equal(figures.latencyMs['304']?.max, 2, '304 latencies 1 and 2 ms');
  t.equal(figures.latencyMs['304']?.p50, 1);
  t.same(Object.keys(figures.histograms).sort(), ['0', '200', '304', '503']);
  t.equal(decodeHistogram(figures.histograms['200']!).totalCount, 4, 'the encoded 200 histogram holds the four 200s');
});

t.test('throughput is responses per second of the window', async (t) => {
  t.equal(summarizeRun(input).throughputRps, 7 / 2, 'seven responses (the no-response excluded) in 2 s');
});

t.test('a run without conditional requests or stale responses', async (t) => {
  const figures = summarizeRun({
    exchanges: [{ page, sentAt: 0, receivedAt: 1, status: 200 }],
    verdicts: [{ class: 'fresh200' }],
    windowStart: 0,
    windowEnd: 1000,
  });
  t.equal(figures.hitRate, 0, 'no division by zero');
  t.equal(figures.idealHitRate, 0);
  t.same(figures.staleAgeMs, { '304': null, '200': null });
  t.equal(figures.throughputRps, 1);
});

t.test('every exchange needs its verdict', async (t) => {
  t.throws(() => summarizeRun({ ...input, verdicts: input.verdicts.slice(1) }), RangeError);
});

t.test('stale ages as encoded HDR histograms per status, for exact merges', async (t) => {
  const figures = summarizeRun(input);
  const histograms = figures.staleAgeHistograms;
  t.ok(histograms?.['304'] !== undefined && histograms['200'] !== undefined, 'both statuses are written');
  const stale304 = decodeHistogram(histograms!['304']!);
  const stale200 = decodeHistogram(histograms!['200']!);
  t.equal(stale304.totalCount, figures.stale['304'], 'one count per stale 304 of the window');
  t.equal(stale200.totalCount, figures.stale['200'], 'one count per stale 200 of the window');
  // HDR reads the top of a value's bucket: within 0.1% above it.
  const us = (value: number, expected: number): boolean => value >= expected && value <= expected * 1.001;
  const p50 = stale304.getValueAtPercentile(50);
  t.ok(us(p50, 40_000), `stale 304 p50 ${p50} µs: the 40 ms one (the warm-up one left out)`);
  const max = stale200.getValueAtPercentile(100);
  t.ok(us(max, 7000), `stale 200 max ${max} µs: the 7 ms one`);
});

t.test('stale-age histograms of many ages keep their percentiles, beyond the latency ceiling', async (t) => {
  const ages = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000); // 1 .. 100 s
  const figures = summarizeRun({
    exchanges: ages.map((_, i) => ({ page, sentAt: i, receivedAt: i + 1, status: 200 })),
    verdicts: ages.map((staleForMs) => ({ class: 'stale200' as const, staleForMs })),
    windowStart: 0,
    windowEnd: 1000,
  });
  const histogram = decodeHistogram(figures.staleAgeHistograms!['200']!);
  t.equal(histogram.totalCount, 100);
  const p90 = histogram.getValueAtPercentile(90) / 1000;
  t.ok(p90 >= 90_000 && p90 <= 90_090, `p90 ${p90} ms is the 90 s age`);
  t.equal(figures.staleAgeMs['200']?.p90, p90, 'the same figure as staleAgeMs');
});

t.test('no stale responses: empty histograms, still written', async (t) => {
  const figures = summarizeRun({
    exchanges: [{ page, sentAt: 0, receivedAt: 1, status: 200 }],
    verdicts: [{ class: 'fresh200' }],
    windowStart: 0,
    windowEnd: 1000,
  });
  t.equal(decodeHistogram(figures.staleAgeHistograms!['304']!).totalCount, 0);
  t.equal(decodeHistogram(figures.staleAgeHistograms!['200']!).totalCount, 0);
});

t.test('keeps the first stale responses of the window as examples, in send order', async (t) => {
  const figures = summarizeRun(input);
  t.same(figures.staleExamples, [
    { atMs: 100, page, status: 304, staleForMs: 40, docId: 'd', shownRev: '1-a', dueRev: '2-b' },
    { atMs: 400, page, status: 200, staleForMs: 7, docId: 'd', shownRev: '1-a', dueRev: '2-b' },
  ]);

  // Many stale responses, completed out of send order: the earliest sends are kept, no more than STALE_EXAMPLES.
  const many: Array<[Exchange, Verdict]> = Array.from({ length: STALE_EXAMPLES + 5 }, (_, i) => [
    { page: '/group/g', sentAt: 2500 - i * 10, receivedAt: 2600, status: 200 },
    { class: 'stale200', staleForMs: i, behind: { docId: `m${i}`, dueRev: '1-x' } },
  ]);
  const kept = summarizeRun({ ...input, exchanges: many.map(([e]) => e), verdicts: many.map(([, v]) => v) }).staleExamples ?? [];
  t.equal(kept.length, STALE_EXAMPLES);
  t.same(kept[0], { atMs: 1260, page: '/group/g', status: 200, staleForMs: 24, docId: 'm24', dueRev: '1-x' }, 'a member left out has no shownRev');
  t.ok(
    kept.every((e, i) => i === 0 || kept[i - 1]!.atMs <= e.atMs),
    'in send order',
  );
});
