// The registry's operations must cost the same whatever its size (O(1) per operation) and little memory per
// page: ns/op, ops/s and bytes per tracked page at 1k, 100k and 1M pages, with the seed's linear list beside
// it (its sizes capped at 100k: its cost grows with the pages). Run with --expose-gc (run-all does):
//   node --expose-gc dist/bench/registry-ops.js

import { parseIfNoneMatch, type IfNoneMatch } from '../protocol/http/if-none-match.js';
import { EtagRegistry } from '../reference-server/registry/etag-registry.js';
import { goal, row, whole } from './figures.js';
import { SeedEtagCache } from '../reference-server/impls/seed.js';

const REGISTRY_SIZES = [1_000, 100_000, 1_000_000];
const SEED_SIZES = [1_000, 10_000, 100_000];
const BUDGET_MS = Number(process.env.BENCH_OP_MS ?? 250);
const BYTES_GOAL = 200;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('registry-ops: run with node --expose-gc (run-all does)');
  process.exit(2);
}

// Strings as the server gets them: the path is the request target, the revision comes from CouchDB's JSON
// (flat strings; revisions `<gen>-<32 hex>`); the ETag and the key are built by template, as reference.ts does.
/** A flat string, as one read from the network is (V8 flattens a concatenation when a character is read). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
const hex = (i: number): string => (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
const revOf = (i: number, gen: number): string => flat(`${gen}-${hex(i)}${hex(i ^ 0x5bd1e995)}${hex(~i)}${hex(i * 31)}`);
const idOf = (i: number): string => flat(`doc-${i}`);

/** What a heap measurement must see alive: held here, since V8 frees a local it knows is no longer read. */
const alive: unknown[] = [];

/** The JS heap and typed arrays' backing stores (outside the heap, so not in heapUsed), after full GCs. */
function heapAfterGc(): number {
  gc!();
  gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Nanoseconds per call of `run`, over about BUDGET_MS after a warm-up (batches sized to ≥ 5 ms). */
function nsPerOp(run: (i: number) => void): number {
  let i = 0;
  const timed = (n: number): number => {
    const start = process.hrtime.bigint();
    for (let k = 0; k < n; k++) run(i++);
    return Number(process.hrtime.bigint() - start);
  };
  let batch = 1;
  while (timed(batch) < 5e6) batch *= 2;
  for (let warm = 0; warm < BUDGET_MS / 3; warm += timed(batch) / 1e6);
  let ns = 0;
  let ops = 0;
  while (ns < BUDGET_MS * 1e6) {
    ns += timed(batch);
    ops += batch;
  }
  return ns / ops;
}

interface Measured {
  /** Heap per page, the page's strings included. */
  readonly bytesPerPage: number;
  /** Heap per page without the strings the caller handed over (registry only). */
  readonly structureBytes?: number;
  readonly ns: Record<string, number>;
}

/** Fills a registry as the server does: the path is the request target, the ETag and the key are templates. */
function fillRegistry(pages: number, strings?: PageStrings): EtagRegistry {
  const registry = new EtagRegistry({ maxPages: pages });
  const ticket = registry.beginRender();
  for (let i = 0; i < pages; i++) {
    if (strings !== undefined) {
      registry.set(strings.paths[i]!, strings.etags[i]!, [{ key: strings.keys[i]!, rev: strings.revs[i]! }], ticket);
      continue;
    }
    const id = idOf(i);
    const rev = revOf(i, 1);
    registry.set(flat(`/doc/${id}`), `"${rev}"`, [{ key: `doc:${id}`, rev }], ticket);
  }
  return registry;
}

interface PageStrings {
  readonly paths: string[];
  readonly etags: string[];
  readonly keys: string[];
  readonly revs: string[];
}

/**
 * Heap bytes per page: with the page's own strings (path, ETag, key: what the registry alone keeps alive), and
 * the structure alone (the strings made and kept by the caller first). Small sizes are filled in as many
 * registries as make 100k pages, so that the heap's noise divides out.
 */
function bytesPerPage(pages: number): { total: number; structure: number; registry: EtagRegistry } {
  const copies = Math.ceil(100_000 / pages);
  let before = heapAfterGc();
  for (let c = 0; c < copies; c++) alive.push(fillRegistry(pages));
  const total = (heapAfterGc() - before) / (pages * copies);
  const registry = alive[0] as EtagRegistry;
  alive.length = 0;
  for (let c = 0; c < copies; c++) {
    const s: PageStrings = { paths: [], etags: [], keys: [], revs: [] };
    for (let i = 0; i < pages; i++) {
      const id = idOf(i);
      const rev = revOf(i, 1);
      s.paths.push(flat(`/doc/${id}`));
      s.etags.push(flat(`"${rev}"`));
      s.keys.push(flat(`doc:${id}`));
      s.revs.push(rev);
    }
    alive.push(s);
  }
  before = heapAfterGc();
  for (let c = 0; c < copies; c++) alive.push(fillRegistry(pages, alive[c] as PageStrings));
  const structure = (heapAfterGc() - before) / (pages * copies);
  alive.length = 0;
  return { total, structure, registry };
}

function measureRegistry(pages: number): Measured {
  const bytes = bytesPerPage(pages);
  const { registry } = bytes;
  heapAfterGc(); // the other registries go now, not during the timed loops
  // Checks that hit, on up to 64k pages spread over the whole registry (so that 1M pages do not fit the caches).
  const sample = Math.min(pages, 65_536);
  const stride = Math.floor(pages / sample);
  const conditions: IfNoneMatch[] = [];
  for (let k = 0; k < sample; k++) conditions.push(parseIfNoneMatch(`"${revOf(k * stride, 1)}"`)!);
  const check = nsPerOp((i) => {
    const k = (i * 7919) % sample;
    if (registry.check(`/doc/doc-${k * stride}`, conditions[k]!) === undefined) throw new Error(`check missed /doc/doc-${k * stride}`);
  });
  const invalidateAndSet = nsPerOp((i) => {
    const n = (i * 7919) % pages;
    const id = `doc-${n}`;
    const rev = revOf(n, i + 2);
    registry.removeByKey(`doc:${id}`, rev);
    registry.set(`/doc/${id}`, `"${rev}"`, [{ key: `doc:${id}`, rev }], registry.beginRender());
  });
  const parse = nsPerOp(() => {
    parseIfNoneMatch('"1-abc", W/"2-def", "3-0123456789abcdef0123456789abcdef"');
  });
  if (registry.size !== pages) throw new Error(`registry holds ${registry.size} pages, not ${pages}`);
  return { bytesPerPage: bytes.total, structureBytes: bytes.structure, ns: { check, 'invalidate + set': invalidateAndSet, 'parse If-None-Match': parse } };
}

function measureSeed(pages: number): Measured {
  const copies = Math.ceil(100_000 / pages);
  const before = heapAfterGc();
  for (let c = 0; c < copies; c++) {
    // The state `set` would leave, without its linear duplicate check (filling 100k that way is O(n²): minutes).
    const filled = new SeedEtagCache();
    for (let i = 0; i < pages; i++) {
      const rev = revOf(i, 1);
      filled.etags.push(rev);
      filled.keys.set(idOf(i), rev);
    }
    alive.push(filled);
  }
  const bytesPerPage = (heapAfterGc() - before) / (pages * copies);
  const list = alive[0] as SeedEtagCache;
  alive.length = 0;
  heapAfterGc();
  // Pages drawn over the whole list: a check scans half of it on average.
  const headers: string[] = [];
  for (let k = 0; k < 1024; k++) headers.push(`"${list.keys.get(`doc-${(k * 7919) % pages}`)}"`);
  const check = nsPerOp((i) => {
    if (list.check(headers[i & 1023]!) === undefined) throw new Error('seed check missed');
  });
  const invalidateAndSet = nsPerOp((i) => {
    const id = `doc-${(i * 7919) % pages}`;
    list.removeByKey(id);
    list.set(id, `${i + 2}-${hex(i)}`);
  });
  return { bytesPerPage, ns: { check, 'invalidate + set': invalidateAndSet } };
}

function print(title: string, sizes: readonly number[], results: readonly Measured[]): void {
  const labels = sizes.map((n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`));
  const growthLabel = `${labels[1]}→${labels[2]}`;
  console.log(title);
  console.log(row('', [...labels.map((l) => `${l} pages`), growthLabel]));
  for (const name of Object.keys(results[0]!.ns)) {
    const ns = results.map((r) => r.ns[name]!);
    console.log(row(`${name} ns/op`, [...ns.map((n) => n.toFixed(0)), `×${(ns[2]! / ns[1]!).toFixed(2)}`]));
    console.log(
      row(
        `${name} ops/s`,
        ns.map((n) => whole(1e9 / n)),
      ),
    );
  }
  const bytes = results.map((r) => r.bytesPerPage);
  console.log(row('bytes per page', [...bytes.map((b) => b.toFixed(0)), `×${(bytes[2]! / bytes[1]!).toFixed(2)}`]));
  if (results[0]!.structureBytes !== undefined) {
    console.log(
      row(
        '  of which structure',
        results.map((r) => r.structureBytes!.toFixed(0)),
      ),
    );
  }
}

const registry = REGISTRY_SIZES.map(measureRegistry);
print('EtagRegistry (reference): growth over ×10 pages, O(1) ≈ ×1, O(n) ≈ ×10', REGISTRY_SIZES, registry);
const worstBytes = Math.max(...registry.map((r) => r.bytesPerPage));
const growth = (op: string): number => registry[2]!.ns[op]! / registry[1]!.ns[op]!;
const flatCost = growth('check') < 2 && growth('invalidate + set') < 2;
console.log(
  `  ${goal('flat cost (100k→1M under ×2)', flatCost)}; ${goal(`≤ ${BYTES_GOAL} B per page`, worstBytes <= BYTES_GOAL)} (worst ${worstBytes.toFixed(0)} B)`,
);

const seed = SEED_SIZES.map(measureSeed);
print("seed's linear list (sizes capped at 100k: its cost grows with the pages)", SEED_SIZES, seed);
const refCheck = registry[1]!.ns.check!;
console.log(`  at 100k pages the seed's check costs ×${(seed[2]!.ns.check! / refCheck).toFixed(0)} the registry's`);

const long = `"${'a'.repeat(8190)}"`;
const longNs = nsPerOp(() => parseIfNoneMatch(long));
console.log(`  parse 8 KiB header  ${(longNs / 1000).toFixed(1)} µs (${(longNs / 8192).toFixed(2)} ns per byte)`);
console.log(
  JSON.stringify({
    bench: 'registry-ops',
    registry: REGISTRY_SIZES.map((pages, i) => ({ pages, ...registry[i] })),
    seed: SEED_SIZES.map((pages, i) => ({ pages, ...seed[i] })),
  }),
);
