// The registry's operations must cost the same whatever its size (O(1) per operation): time check, set
// and remove-by-key on a small and a large registry in the same run and print the ratio.

import { parseIfNoneMatch, type IfNoneMatch } from '../reference-server/http/if-none-match.js';
import { EtagRegistry } from '../reference-server/registry/etag-registry.js';

const OPS = 200_000;

function fill(pages: number): EtagRegistry {
  const registry = new EtagRegistry({ maxPages: pages });
  const ticket = registry.beginRender();
  for (let i = 0; i < pages; i++) registry.set(`/doc/doc-${i}`, `"1-${i}"`, [{ key: `doc:doc-${i}`, rev: `1-${i}` }], ticket);
  return registry;
}

function nsPerOp(run: (i: number) => void, ops = OPS): number {
  for (let i = 0; i < 10_000; i++) run(i); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) run(i);
  return Number(process.hrtime.bigint() - start) / ops;
}

function measure(pages: number): Record<string, number> {
  const registry = fill(pages);
  const conditions: IfNoneMatch[] = [];
  for (let i = 0; i < 1024; i++) conditions.push(parseIfNoneMatch(`"1-${(i * 7919) % pages}"`)!);
  const check = nsPerOp((i) => {
    registry.check(`/doc/doc-${(i * 7919) % pages}`, conditions[i & 1023]!);
  });
  let gen = 2;
  const invalidateAndSet = nsPerOp((i) => {
    const id = `doc-${(i * 7919) % pages}`;
    const rev = `${gen++}-x`;
    registry.removeByKey(`doc:${id}`, rev);
    registry.set(`/doc/${id}`, `"${rev}"`, [{ key: `doc:${id}`, rev }], registry.beginRender());
  });
  const parse = nsPerOp(() => {
    parseIfNoneMatch('"1-abc", W/"2-def", "3-0123456789abcdef0123456789abcdef"');
  });
  return { check, invalidateAndSet, parse };
}

// 1k pages fit in the CPU caches, 100k and 1M do not: compare 100k with 1M for the algorithmic growth
// (×1 for O(1), ×10 for O(n)); 1k shows what cache misses add.
const sizes = [1_000, 100_000, 1_000_000];
const results = sizes.map(measure);
console.log('registry operations, ns/op at 1k / 100k / 1M pages; growth 100k→1M (O(1): ~1, O(n): 10)');
for (const name of Object.keys(results[0]!)) {
  const [a, b, c] = results.map((r) => r[name]!);
  const cells = [a!, b!, c!].map((ns) => `${ns.toFixed(0)} ns`.padStart(9)).join(' ');
  console.log(`  ${name.padEnd(18)} ${cells}   ×${(c! / b!).toFixed(2)}`);
}
const long = `"${'a'.repeat(8190)}"`;
const longNs = nsPerOp(() => parseIfNoneMatch(long), 20_000);
console.log(`  parse 8 KiB header  ${(longNs / 1000).toFixed(1)} µs (${(longNs / 8192).toFixed(2)} ns per byte)`);
