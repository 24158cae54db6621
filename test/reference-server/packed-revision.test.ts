// The registry keeps CouchDB-shaped revision ETags packed as numbers: that must be invisible. For ETags packed
// or not, and conditions close to them (case, leading zeros, W/, one digit off, other lengths), the registry
// answers exactly what comparing the strings answers (RFC 9110 weak comparison).

import t from 'tap';
import fc from 'fast-check';
import { isOpaqueTagOf, matchesCurrent, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';
import { EtagRegistry } from '../../reference-server/registry/etag-registry.js';
import { isPackedRevision, packRevision, unpackRevision } from '../../reference-server/registry/packed-revision.js';

const HEX = '0123456789abcdef';
const hexString = (length: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });
const generation = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(4294967295, 4294967296, 99999999999));
const revision = fc.tuple(generation, hexString(32)).map(([gen, hash]) => `${gen}-${hash}`);

/** Spellings near a revision: each is another opaque-tag unless it is the revision itself. */
function near(rev: string) {
  const dash = rev.indexOf('-');
  return fc.constantFrom(
    rev,
    rev.toUpperCase(),
    `0${rev}`,
    rev.slice(0, -1),
    `${rev}0`,
    `${rev.slice(0, -1)}${rev.endsWith('0') ? '1' : '0'}`,
    `${Number(rev.slice(0, dash)) + 1}${rev.slice(dash)}`,
    `-${rev.slice(dash + 1)}`,
    rev.replace('-', '_'),
    `${rev.slice(0, dash + 1)}${rev.slice(dash + 2)}g`,
  );
}

const etagOf = (rev: string, weak: boolean): string => `${weak ? 'W/' : ''}"${rev}"`;

t.test('packing round-trips the canonical form and refuses every other', async (t) => {
  fc.assert(
    fc.property(revision, (rev) => {
      const words = new Uint32Array(5);
      const packed = packRevision(rev, 0, rev.length, words, 0);
      if (Number(rev.slice(0, rev.indexOf('-'))) > 4294967295) return !packed;
      return packed && unpackRevision(words, 0) === rev && isPackedRevision(rev, words, 0);
    }),
    { seed: 1, numRuns: 2000 },
  );
  for (const notPacked of [
    '1-a',
    '01-0123456789abcdef0123456789abcdef',
    '1-0123456789ABCDEF0123456789abcdef',
    '0-0123456789abcdef0123456789abcdef',
    '-0123456789abcdef0123456789abcdef',
    'x-0123456789abcdef0123456789abcdef',
  ]) {
    t.notOk(packRevision(notPacked, 0, notPacked.length, new Uint32Array(5), 0), `${notPacked} is kept as a string`);
  }
});

t.test('check and removeByKey answer as string comparison does, packed or not', async (t) => {
  const registered = fc.oneof(revision, fc.constantFrom('1-a', '2-0123456789ABCDEF0123456789ABCDEF', '03-0123456789abcdef0123456789abcdef'));
  fc.assert(
    fc.property(
      registered.chain((rev) =>
        fc.tuple(fc.constant(rev), fc.boolean(), fc.array(fc.tuple(near(rev), fc.boolean()), { minLength: 1, maxLength: 3 }), near(rev)),
      ),
      ([rev, weak, conditionTags, announced]) => {
        const etag = etagOf(rev, weak);
        const registry = new EtagRegistry();
        registry.set('/doc/x', etag, [{ key: 'x', rev }], registry.beginRender());
        const header = conditionTags.map(([tag, w]) => etagOf(tag, w)).join(', ');
        const condition = parseIfNoneMatch(header)!;
        const expected = matchesCurrent(condition, etag) ? etag : undefined;
        if (registry.check('/doc/x', condition) !== expected) return false;
        if (registry.check('/doc/x', parseIfNoneMatch('*')!) !== etag) return false;
        // A newer announcement of the very revision the page shows keeps it; any other drops it.
        registry.removeByKey('x', announced);
        const kept = isOpaqueTagOf(announced, etag);
        return (registry.check('/doc/x', parseIfNoneMatch('*')!) === etag) === kept;
      },
    ),
    { seed: 7, numRuns: 5000 },
  );
  t.pass('5,000 ETags and conditions');
});

t.test('remove finds a packed ETag by its string', async (t) => {
  const registry = new EtagRegistry();
  const rev = '7-00ff00ff00ff00ff00ff00ff00ff00ff';
  registry.set('/doc/a', `W/"${rev}"`, [{ key: 'a', rev }], registry.beginRender());
  registry.set('/group/g', `"${rev}"`, [{ key: 'a', rev }, { key: 'group:g' }], registry.beginRender());
  t.equal(registry.remove(`"${rev}"`), 2, 'the weak and the strong page');
  t.equal(registry.size, 0);
});

t.test('slots reused after delete and growth keep each page its own ETag', async (t) => {
  const registry = new EtagRegistry({ maxPages: 300 });
  const revOf = (i: number, gen: number): string => `${gen}-${i.toString(16).padStart(32, '0')}`;
  for (let round = 1; round <= 3; round++) {
    for (let i = 0; i < 500; i++) registry.set(`/doc/${i}`, `"${revOf(i, round)}"`, [{ key: `${i}`, rev: revOf(i, round) }], registry.beginRender());
  }
  let registered = 0;
  for (let i = 0; i < 500; i++) {
    const etag = registry.check(`/doc/${i}`, parseIfNoneMatch('*')!);
    if (etag === undefined) continue;
    registered++;
    if (etag !== `"${revOf(i, 3)}"`) t.fail(`/doc/${i} has ${etag}`);
    if (registry.check(`/doc/${i}`, parseIfNoneMatch(`"${revOf(i, 2)}"`)!) !== undefined) t.fail(`/doc/${i} still matches its old revision`);
  }
  t.equal(registered, 300, 'bounded at maxPages, each page with its newest ETag');
});
