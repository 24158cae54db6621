// The report opened in a real browser (Debian's Chromium through playwright-core): it loads with no error and no
// request beyond the file itself, every chart is drawn, and pass / fail reads without colour. Screenshots (in
// colour and in grey) are kept under .tap/artifacts/report-browser/ for a person to look at.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import t from 'tap';
import { createHistogram, encodeHistogram, percentilesMs, recordMs } from '../../harness/results/latency-histogram.js';
import type { ResultsFile, RunResult, Timeline, TimelineEvent } from '../../harness/results/types.js';
import { readPageScript } from '../../reports/html/page-script-bundle.js';
import { renderHtmlReport } from '../../reports/html/report-page.js';
import { smokeResults } from '../fixtures/results-smoke.js';

const CHROMIUM = process.env.ETAG_BENCH_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../.tap/artifacts/report-browser/', import.meta.url));

// mulberry32: seeded, so the fixture and its screenshots are the same from one run to the next.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20251126);
const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));

/** An encoded histogram of `count` log-normal values in ms, and its percentiles. */
function sample(count: number, medianMs: number, sigma: number) {
  const histogram = createHistogram();
  for (let i = 0; i < count; i++) recordMs(histogram, logNormal(medianMs, sigma));
  const result = { encoded: encodeHistogram(histogram), percentiles: percentilesMs(histogram) };
  histogram.destroy();
  return result;
}

interface Plan {
  readonly rps: number;
  readonly hitRate: number;
  readonly p50Ms: number;
  readonly writesPerS: number;
  /** While a fault holds, latency is multiplied by `slow` and throughput divided by it. */
  readonly fault?: { readonly fromS: number; readonly toS: number; readonly slow: number };
}

function timeline(plan: Plan, durationS: number): Timeline {
  const series = Array.from({ length: durationS }, (_, s) => {
    const slow = plan.fault !== undefined && s >= plan.fault.fromS && s < plan.fault.toS ? plan.fault.slow : 1;
    const responses = Math.round((plan.rps / slow) * (0.9 + 0.2 * rand()));
    const writes = Math.round(plan.writesPerS * 2 * rand());
    const hits = Math.round(responses * Math.max(0, plan.hitRate - 0.04 * writes + 0.05 * rand()));
    return { responses, hits, writes, slow, errors: slow > 1 ? Math.round(3 * rand()) : 0 };
  });
  return {
    bucketMs: 1000,
    responses: series.map((b) => b.responses),
    conditional: series.map((b) => b.responses),
    hits: series.map((b) => b.hits),
    stale: series.map(() => 0),
    errors: series.map((b) => b.errors),
    latencyP50Ms: series.map((b) => (b.responses > 0 ? Number((plan.p50Ms * b.slow * (0.9 + 0.2 * rand())).toFixed(3)) : null)),
    latencyP99Ms: series.map((b) => (b.responses > 0 ? Number((plan.p50Ms * b.slow * (3 + rand())).toFixed(3)) : null)),
    writes: series.map((b) => b.writes),
  };
}

function run(base: RunResult, scenario: string, impl: string, proxy: string, plan: Plan, extra: Partial<RunResult> = {}): RunResult {
  const durationS = 30;
  const requests = plan.rps * durationS;
  const hits = Math.round(requests * plan.hitRate);
  const ok = sample(requests - hits, plan.p50Ms * 3, 0.5);
  const notModified = sample(hits, plan.p50Ms, 0.45);
  const lag = sample(60, 12, 0.6);
  return {
    ...base,
    scenario,
    impl,
    proxy,
    durationS,
    requests,
    conditionalRequests: requests,
    status: { 200: requests - hits, 304: hits },
    hitRate: hits / requests,
    idealHitRate: plan.hitRate,
    latencyMs: { 200: ok.percentiles, 304: notModified.percentiles },
    histograms: { 200: ok.encoded, 304: notModified.encoded },
    throughputRps: plan.rps,
    invalidationLagMs: { samples: 60, p50: lag.percentiles.p50, p90: lag.percentiles.p90, p99: lag.percentiles.p99, max: lag.percentiles.max, timeouts: 0 },
    ...(proxy === 'none' ? {} : { origin: { requests: requests - hits + 90, status: { 200: requests - hits, 201: 90 } } }),
    thresholds: [
      { name: 'stale304 == 0', limit: '== 0', value: 0, ok: true },
      { name: 'errors == 0', limit: '== 0', value: 0, ok: true },
    ],
    timeline: timeline(plan, durationS),
    lagHistogram: lag.encoded,
    ...extra,
  };
}

function olderRun(run: RunResult): RunResult {
  const copy: Record<string, unknown> = { ...run };
  for (const key of ['timeline', 'events', 'lagHistogram', 'staleAgeHistograms']) delete copy[key];
  return copy as unknown as RunResult;
}

/** CouchDB's counters as a run on real CouchDB writes them: each 200 one read, each 304 `readsPer304`. */
function readCosts(readsPer304: number): NonNullable<RunResult['couchdbCounters']> {
  const burst = (status: string, reads: number) => ({ requests: 200, statuses: { [status]: 200 }, reads, readsPer1000: reads * 5 });
  return {
    window: { databaseReads: 1830, databaseWrites: 120, httpdRequests: 2410, readsPer1000Responses: 191.3 },
    readCosts: { unconditional: burst('200', 200), conditional: burst('304', readsPer304 * 200) },
  };
}

/** Two scenarios, three implementations, one proxy; a stale implementation, faults, a failed run, an older run. */
export function browserFixture(): ResultsFile {
  const smoke = smokeResults();
  const base = smoke.runs[0]!;
  const faults: TimelineEvent[] = [
    { atMs: 10_000, kind: 'couch-pause', label: 'CouchDB paused' },
    { atMs: 14_000, kind: 'couch-resume', label: 'CouchDB resumed' },
    { atMs: 14_400, kind: 'proxy-reset', label: 'proxy connections reset' },
  ];
  const fault = { fromS: 10, toS: 14, slow: 4 };
  const staleAges = (count: number, medianMs: number) => sample(count, medianMs, 1.1).encoded;
  const staleThresholds = [
    { name: 'stale304 == 0', limit: '== 0', value: 42, ok: false },
    { name: 'errors == 0', limit: '== 0', value: 5, ok: false },
    { name: 'hitRateGap <= 0.05', limit: '<= 0.05', value: 0.01, ok: true },
  ];
  const runs: RunResult[] = [
    run(base, 'read-mostly', 'reference', 'none', { rps: 480, hitRate: 0.8, p50Ms: 0.6, writesPerS: 2 }, { couchdbCounters: readCosts(0) }),
    run(
      base,
      'read-mostly',
      'seed',
      'none',
      { rps: 450, hitRate: 0.83, p50Ms: 0.55, writesPerS: 2 },
      {
        stale: { 304: 42, 200: 0 },
        errors: 5,
        thresholds: staleThresholds,
        staleAgeHistograms: { 304: staleAges(42, 400) },
        couchdbCounters: readCosts(1),
      },
    ),
    // A run from an older results file: no timeline, no lag or stale-age histogram.
    olderRun({ ...base, impl: 'naive', durationS: 30 }),
    run(base, 'read-mostly', 'reference', 'varnish:purge', { rps: 900, hitRate: 0.9, p50Ms: 0.25, writesPerS: 2 }),
    run(base, 'couch-pause', 'reference', 'none', { rps: 400, hitRate: 0.75, p50Ms: 0.7, writesPerS: 3, fault }, { events: faults }),
    run(
      base,
      'couch-pause',
      'seed',
      'none',
      { rps: 380, hitRate: 0.78, p50Ms: 0.6, writesPerS: 3, fault },
      {
        events: faults,
        stale: { 304: 17, 200: 6 },
        thresholds: staleThresholds.slice(0, 1).map((th) => ({ ...th, value: 17 })),
        staleAgeHistograms: { 304: staleAges(17, 30), 200: staleAges(6, 1500) },
      },
    ),
    run(base, 'couch-pause', 'reference', 'varnish:purge', { rps: 850, hitRate: 0.88, p50Ms: 0.3, writesPerS: 3, fault }, { events: faults }),
    { ...base, scenario: 'couch-pause', impl: 'cmd:node broken.js', failure: 'exited with code 1 before listening on its port' },
  ];
  return {
    ...smoke,
    environment: {
      ...smoke.environment,
      kind: 'containers',
      couchdb: { version: '3.4.2', vendor: 'The Apache Software Foundation', image: 'couchdb:3.4.2' },
      proxyVersions: { varnish: '7.6.1' },
    },
    runs,
    conformance: [
      {
        impl: 'reference',
        cases: [
          { id: 'etag-strong', title: 'ETag is a strong validator', kind: 'required', ok: true },
          { id: 'inm-star', title: 'If-None-Match: * matches any revision', kind: 'optional', ok: true },
        ],
      },
      {
        impl: 'seed',
        cases: [
          {
            id: 'etag-strong',
            title: 'ETag is a strong validator',
            kind: 'required',
            ok: false,
            detail: 'response 2 ETag is W/"3-abc", not a strong validator',
          },
          { id: 'inm-star', title: 'If-None-Match: * matches any revision', kind: 'optional', ok: false, detail: 'response 1 status is 200, not 304' },
        ],
      },
    ],
  };
}

t.test('the report in Chromium', async (t) => {
  // Never skipped: without a browser the report is untested. .ci/run installs Debian's chromium.
  if (!existsSync(CHROMIUM)) {
    t.fail(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set ETAG_BENCH_CHROMIUM)`);
    return;
  }
  const dir = t.testdir({ 'report.html': renderHtmlReport(browserFixture()) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium's sandbox refuses to start as root (CI containers).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));

  const url = pathToFileURL(join(dir, 'report.html')).href;
  await page.goto(url, { waitUntil: 'load' });

  t.same(problems, [], 'no console error or warning, no page error');
  t.same(requests, [url], 'no request but the document itself');

  // The charts below are drawn by the bundle inlined in the page, not by a script from anywhere else.
  const scripts = await page.evaluate(() => [...document.scripts].map((script) => ({ src: script.src, type: script.type, text: script.text })));
  t.same(
    scripts.filter((script) => script.src !== ''),
    [],
    'no external script',
  );
  const code = scripts.filter((script) => script.type === '');
  t.equal(code.length, 1, 'one script to run: the page script');
  t.equal(code[0]?.text, `\n${readPageScript()}\n`, 'and it is the bundle `npm run build` wrote');

  const canvases = await page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((canvas) => {
      const { width, height } = canvas;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
      let painted = 0;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
        if (a === 0) continue;
        painted += 1;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured += 1;
      }
      const chart = (globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(canvas);
      return { id: canvas.id, width, height, painted, coloured, hasChart: chart !== undefined };
    }),
  );
  t.equal(canvases.length, 14, 'seven charts in each of the two scenarios');
  for (const canvas of canvases) {
    t.ok(canvas.hasChart && canvas.width > 100 && canvas.height > 100, `${canvas.id}: a chart of ${canvas.width}×${canvas.height}`);
    t.ok(canvas.painted > 0.01 * canvas.width * canvas.height, `${canvas.id}: not blank (${canvas.painted} pixels painted)`);
    t.ok(canvas.coloured > 200, `${canvas.id}: data drawn in colour, not only axes (${canvas.coloured} pixels)`);
  }

  const layout = await page.evaluate(() => {
    const frame = document.querySelector('.table-frame')!;
    return {
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      table: frame.scrollWidth,
      frame: frame.clientWidth,
    };
  });
  t.ok(layout.page <= layout.viewport, `no horizontal scrolling at 1440 px (page ${layout.page} px wide)`);
  t.ok(layout.table <= layout.frame, `the runs table fits at 1440 px (${layout.table} px in ${layout.frame} px)`);

  // Pass and fail read without colour: every mark is a ✓ or ✗ with a word.
  const marks = await page.evaluate(() => ({
    verdict: [...document.querySelectorAll('ul.verdict li')].map((li) => li.textContent ?? ''),
    thresholds: [...document.querySelectorAll('td.threshold-pass, td.threshold-fail')].map((td) => td.textContent ?? ''),
    stale: [...document.querySelectorAll('td.stale')].map((td) => td.textContent ?? ''),
    conformance: [...document.querySelectorAll('table.conformance td')].map((td) => td.textContent ?? ''),
  }));
  t.ok(marks.verdict.length >= 3 && marks.verdict.every((text) => /^[✓✗] /.test(text)), 'each verdict line starts with ✓ or ✗');
  t.ok(marks.thresholds.some((text) => text.startsWith('✗ FAIL')) && marks.thresholds.some((text) => text.startsWith('✓ pass')), 'thresholds say pass or FAIL');
  t.ok(marks.stale.length > 0 && marks.stale.every((text) => text.startsWith('✗')), 'stale counts carry ✗');
  t.ok(
    marks.conformance.every((text) => /^[✓✗]/.test(text)),
    'conformance cells carry ✓ or ✗',
  );

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
  await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
  await page.screenshot({ path: join(ARTIFACTS, 'report-grayscale.png'), fullPage: true });
  t.same(requests, [url], 'still no request after the screenshots');
  t.same(problems, [], 'still no console error');
});
