import t from 'tap';
import { parseIfMatch, revFromIfMatch, strongMatch, type IfMatch } from '../../protocol/http/if-match.js';

const parsed = (header: string): IfMatch => {
  const condition = parseIfMatch(header);
  if (condition === undefined) throw new Error(`no condition for ${header}`);
  return condition;
};

t.test('parseIfMatch: *, strong tags, weak tags kept out, malformed dropped', async (t) => {
  t.equal(parseIfMatch(undefined), undefined);
  t.same(parsed(' * '), { any: true });
  t.same(parsed('"1-a"'), { any: false, tags: ['1-a'] });
  t.same(parsed('"1-a", W/"2-b" ,"3-c"'), { any: false, tags: ['1-a', '3-c'] }, 'a weak tag can never match: dropped');
  t.same(parsed('wrong, "1-a'), { any: false, tags: [] }, 'unquoted and unterminated');
  t.same(parsed('"a b", "c"'), { any: false, tags: ['c'] });
  t.same(parsed('"a", *'), { any: false, tags: ['a'] }, '* inside a list is no wildcard');
  t.same(parseIfMatch(['"a"', '"b"']), { any: false, tags: ['a', 'b'] }, 'repeated headers are one list');
});

t.test('strongMatch: byte for byte against a strong ETag; weak never matches', async (t) => {
  t.ok(strongMatch(parsed('"x", "1-a"'), '"1-a"'));
  t.notOk(strongMatch(parsed('W/"1-a"'), '"1-a"'), 'a weak tag from the client');
  t.notOk(strongMatch(parsed('"1-a"'), 'W/"1-a"'), 'a weak current ETag');
  t.notOk(strongMatch(parsed('"1-a"'), '"1-a-gzip"'), 'another coding is another representation');
  t.notOk(strongMatch(parsed('"1-ab"'), '"1-a"'));
  t.ok(strongMatch(parsed('*'), '"1-a"'));
});

t.test("revFromIfMatch: CouchDB's lenient reading stays for the pass-through implementations", async (t) => {
  t.equal(revFromIfMatch('W/"1-a"'), '1-a');
  t.equal(revFromIfMatch('1-a'), '1-a');
  t.equal(revFromIfMatch('""'), undefined);
});
