// Do closed `_changes` feeds leave listeners behind? Stock pouchdb-server does: after 300 closed feeds each
// write cost ~20 ms instead of 1.5 ms (harness/couchdb-compatible/README.md). This measures the median write latency of the
// embedded CouchDB before and after opening and closing 300 live feeds; a ratio near 1 means no leak.
// Run: node dist/bench/couchdb-feed-leak.js [writes per phase, default 300]
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { EmbeddedCouchDb } from '../harness/couchdb-compatible/embedded-couchdb.js';

const FEEDS = ['continuous', 'eventsource', 'longpoll'] as const;
const FEEDS_PER_KIND = 100;

export interface FeedLeakResult {
  writes: number;
  feeds: number;
  medianBeforeMs: number;
  medianAfterMs: number;
  ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function writeLatencies(url: string, prefix: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const res = await fetch(`${url}/bench/${prefix}-${i}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ i }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`write ${prefix}-${i} answered ${res.status}, not 201`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function openFeeds(url: string): Promise<number> {
  const res = await fetch(`${url}/_etag_bench/stats`);
  return ((await res.json()) as { openFeeds: number }).openFeeds;
}

async function waitForOpenFeeds(url: string, wanted: number): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if ((await openFeeds(url)) === wanted) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`openFeeds did not reach ${wanted}; it is ${await openFeeds(url)}`);
}

/** Opens FEEDS_PER_KIND feeds of each kind, waits until the server holds them all, then drops them. */
async function openAndCloseFeeds(url: string): Promise<number> {
  let opened = 0;
  for (const feed of FEEDS) {
    const requests = Array.from({ length: FEEDS_PER_KIND }, () => {
      const req = request(`${url}/bench/_changes?feed=${feed}&since=now&heartbeat=30000`);
      req.on('error', () => undefined); // dropped on purpose below
      req.end();
      return req;
    });
    await waitForOpenFeeds(url, FEEDS_PER_KIND);
    for (const req of requests) req.destroy();
    await waitForOpenFeeds(url, 0);
    opened += requests.length;
  }
  return opened;
}

export async function runFeedLeakBench(writes = 300): Promise<FeedLeakResult> {
  const couch = await new EmbeddedCouchDb().start();
  try {
    const url = couch.getUrl();
    await fetch(`${url}/bench`, { method: 'PUT' });
    await writeLatencies(url, 'warmup', Math.min(50, writes));
    const before = median(await writeLatencies(url, 'before', writes));
    const feeds = await openAndCloseFeeds(url);
    const after = median(await writeLatencies(url, 'after', writes));
    return { writes, feeds, medianBeforeMs: before, medianAfterMs: after, ratio: after / before };
  } finally {
    await couch.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const writes = Number(process.argv[2] ?? 300);
  const result = await runFeedLeakBench(writes);
  console.log(`median write latency before feeds:                  ${result.medianBeforeMs.toFixed(3)} ms (${result.writes} writes)`);
  console.log(`median write latency after ${result.feeds} feeds opened+closed: ${result.medianAfterMs.toFixed(3)} ms`);
  console.log(`ratio after/before: ${result.ratio.toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'couchdb-feed-leak', ...result }));
}
