// Invalidation lag against the raw `_changes` delivery time, same CouchDB, same writes. Each write goes
// straight to CouchDB (only the feed can tell the reference); for each we time, from the write's
// acknowledgement: a bare continuous-feed listener seeing the change (raw-feed-listener.ts), and the
// reference's registry dropping the page (reference-lag-hook.ts, a removeByKey observer). Both report over
// IPC from a process of their own, so the transport costs the same on both sides; the bare listener opens its
// feed first, so that CouchDB serves it first.

import { request, Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchChild } from './child-process.js';
import { startChild } from './child-process.js';
import { goal, ms, row } from './figures.js';
import { startReferenceStack, type ReferenceStack } from './reference-stack.js';
import { percentilesOfMs } from '../harness/metrics/sample-percentiles.js';

const WRITES = Number(process.env.BENCH_LAG_WRITES ?? 300);
const DOCUMENTS = 100;
const GOAL_MS = 2;
const SEEN_TIMEOUT_MS = 3000;

interface Seen {
  readonly id: string;
  readonly rev?: string;
  readonly forgotten?: number;
}

/** Arrival times of what a child reported, by `id rev`, and a way to wait for one. */
class Arrivals {
  readonly #at = new Map<string, { at: number; seen: Seen }>();
  readonly #waiting = new Map<string, () => void>();

  constructor(child: BenchChild<unknown>) {
    child.process.on('message', (seen: Seen) => {
      const key = `${seen.id} ${seen.rev}`;
      if (!this.#at.has(key)) this.#at.set(key, { at: performance.now(), seen });
      this.#waiting.get(key)?.();
    });
  }

  async when(id: string, rev: string): Promise<{ at: number; seen: Seen } | undefined> {
    const key = `${id} ${rev}`;
    if (!this.#at.has(key)) {
      await Promise.race([new Promise<void>((resolve) => this.#waiting.set(key, resolve)), sleep(SEEN_TIMEOUT_MS)]);
      this.#waiting.delete(key);
    }
    return this.#at.get(key);
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** PUT straight to CouchDB; resolves with the new revision and the time the acknowledgement was read. */
function write(url: string, body: unknown): Promise<{ rev: string; ackAt: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const ackAt = performance.now();
        if (res.statusCode !== 201) return reject(new Error(`PUT ${url} answered ${res.statusCode}: ${text}`));
        resolve({ rev: (JSON.parse(text) as { rev: string }).rev, ackAt });
      });
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

let raw: BenchChild<{ ready: true }> | undefined;
let stack: ReferenceStack | undefined;
try {
  stack = await startReferenceStack({
    documents: DOCUMENTS,
    script: './reference-lag-hook.js',
    child: { ipc: true },
    beforeReference: async (couchdbUrl, db) => {
      raw = await startChild<{ ready: true }>('./raw-feed-listener.js', { args: [couchdbUrl, db], ipc: true });
    },
  });
  const rawSeen = new Arrivals(raw!);
  const refSeen = new Arrivals(stack.reference);
  const rawLag: number[] = [];
  const refLag: number[] = [];
  const extra: number[] = [];
  let missed = 0;
  let notRegistered = 0;
  for (let i = 0; i < WRITES; i++) {
    const id = `doc-${i % DOCUMENTS}`;
    const page = await fetch(`${stack.reference.ready.url}/doc/${id}`); // registers the page's ETag
    await page.arrayBuffer();
    const { rev, ackAt } = await write(`${stack.couchdbUrl}/${stack.db}/${id}`, { _rev: stack.revs.get(id), group: `g-${i % 10}`, n: i });
    stack.revs.set(id, rev);
    const [fromFeed, fromRegistry] = await Promise.all([rawSeen.when(id, rev), refSeen.when(id, rev)]);
    if (fromFeed === undefined || fromRegistry === undefined) {
      missed++;
      continue;
    }
    if (fromRegistry.seen.forgotten !== 1) notRegistered++;
    rawLag.push(fromFeed.at - ackAt);
    refLag.push(fromRegistry.at - ackAt);
    extra.push(fromRegistry.at - fromFeed.at);
    await sleep(2 + Math.random() * 3);
  }
  const raws = percentilesOfMs(rawLag)!;
  const refs = percentilesOfMs(refLag)!;
  const sorted = [...extra].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  console.log(`invalidation lag from the write's acknowledgement, ${rawLag.length} writes straight to CouchDB (ms; HDR, < 0 counted as 0)`);
  console.log(row('', ['p50', 'p90', 'p99', 'max']));
  console.log(
    row(
      'raw _changes listener',
      [raws.p50, raws.p90, raws.p99, raws.max].map((v) => v.toFixed(3)),
    ),
  );
  console.log(
    row(
      'reference registry drop',
      [refs.p50, refs.p90, refs.p99, refs.max].map((v) => v.toFixed(3)),
    ),
  );
  console.log(
    row(
      'paired: reference − raw',
      [at(50), at(90), at(99), sorted.at(-1)!].map((v) => v.toFixed(3)),
    ),
  );
  const over = refs.p99 - raws.p99;
  console.log(`  p99 reference − raw ${ms(over)}; ${goal(`≤ +${GOAL_MS} ms`, over <= GOAL_MS)}`);
  if (missed > 0 || notRegistered > 0) console.log(`  ${missed} writes not seen within ${SEEN_TIMEOUT_MS} ms; ${notRegistered} drops that forgot no page`);
  console.log(JSON.stringify({ bench: 'invalidation-lag', writes: rawLag.length, raw: raws, reference: refs, missed, notRegistered }));
} finally {
  agent.destroy();
  await raw?.stop();
  await stack?.stop();
}
