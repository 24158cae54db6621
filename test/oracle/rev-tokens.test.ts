import t from 'tap';
import { revTokens } from '../../harness/oracle/rev-tokens.js';

const hex32 = '0123456789abcdef0123456789abcdef';

t.test('finds revision tokens wherever a page puts them', async (t) => {
  const body = `<p>doc-1 <b>3-${hex32}</b></p>{"_rev":"12-${hex32.replace('0', 'f')}"} (1-${hex32})`;
  t.same(revTokens(body), [`3-${hex32}`, `12-${hex32.replace('0', 'f')}`, `1-${hex32}`], 'HTML, JSON and text tokens in order');
});

t.test('rejects what is not a revision', async (t) => {
  t.same(revTokens(`1-${hex32}a`), [], 'a 33-hex run is not a revision (nor its first 32 hex)');
  t.same(revTokens(`a1-${hex32}`), [], 'a generation glued to a word is not a revision');
  t.same(revTokens(`0-${hex32}`), [], 'generation 0 does not exist');
  t.same(revTokens(`1-${hex32.toUpperCase()}`), [], 'CouchDB revs are lowercase');
  t.same(revTokens(`1-${hex32.slice(1)}`), [], '31 hex digits is too short');
  t.same(revTokens(`x-1-${hex32}-y`), [`1-${hex32}`], 'dashes bound a token');
});

t.test('lists a token once however often the page repeats it', async (t) => {
  t.same(revTokens(`2-${hex32} 2-${hex32} ETag "2-${hex32}"`), [`2-${hex32}`]);
});

t.test('scans a large body in linear time', async (t) => {
  // Long digit and hex runs are the inputs a backtracking pattern would choke on.
  const noise = `${'9'.repeat(200_000)}-${'a'.repeat(200_000)} ${'1-'.repeat(100_000)}`;
  const body = `${noise} 7-${hex32} ${noise}`;
  const started = performance.now();
  const tokens = revTokens(body);
  const elapsed = performance.now() - started;
  t.same(tokens, [`7-${hex32}`], 'the one revision inside ~1.4 MB of noise');
  t.ok(elapsed < 500, `scanning ${body.length} characters took ${elapsed.toFixed(1)} ms`);
});
