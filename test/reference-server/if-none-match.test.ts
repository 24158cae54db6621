import t from 'tap';
import { matchesCurrent, opaqueTag, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';

const tags = (header: string) => {
  const parsed = parseIfNoneMatch(header);
  if (parsed === undefined || parsed.any) throw new Error(`expected a tag list for ${header}`);
  return parsed.tags;
};

t.test('absent header is undefined, * is any', async (t) => {
  t.equal(parseIfNoneMatch(undefined), undefined);
  t.same(parseIfNoneMatch('*'), { any: true });
  t.same(parseIfNoneMatch('  *  '), { any: true });
  t.same(tags('"a", *'), ['a'], '* inside a list is not a wildcard');
});

t.test('strong, weak and lists', async (t) => {
  t.same(tags('"1-abc"'), ['1-abc']);
  t.same(tags('W/"1-abc"'), ['1-abc']);
  t.same(tags('"a","b" ,  W/"c",,"d"'), ['a', 'b', 'c', 'd']);
  t.same(tags('""'), [''], 'the empty opaque-tag is well formed');
});

t.test('malformed entries are dropped, never matched', async (t) => {
  t.same(tags('1-abc'), [], 'unquoted');
  t.same(tags('"1-abc'), [], 'unterminated quote');
  t.same(tags(''), [], 'empty');
  t.same(tags(', , ,'), [], 'only commas');
  t.same(tags('"a b"'), [], 'space inside the quotes');
  t.same(tags('w/"a"'), [], 'lower-case weak prefix');
  t.same(tags('"a" junk, "b"'), ['b'], 'garbage after a tag drops that element only');
  t.same(tags('junk, "b"'), ['b']);
});

t.test('a header given as several field lines is one list', async (t) => {
  const parsed = parseIfNoneMatch(['"a"', '"b"']);
  t.same(parsed, { any: false, tags: ['a', 'b'] });
});

t.test('weak comparison against the current tag', async (t) => {
  t.equal(opaqueTag('"x"'), 'x');
  t.equal(opaqueTag('W/"x"'), 'x');
  t.ok(matchesCurrent(tagsOf('W/"x"'), '"x"'));
  t.ok(matchesCurrent(tagsOf('"x"'), 'W/"x"'));
  t.notOk(matchesCurrent(tagsOf('"y"'), '"x"'));
  t.ok(matchesCurrent({ any: true }, '"x"'));
});

t.test('an 8 KiB header and 1,000 tags parse completely', async (t) => {
  const many = Array.from({ length: 1000 }, (_, i) => `"t${i}"`).join(', ');
  t.equal(tags(many).length, 1000);
  t.equal(tags(`"${'a'.repeat(8192)}"`)[0]?.length, 8192);
  t.same(tags(`"${'a'.repeat(8192)}`), [], 'unterminated 8 KiB tag');
});

function tagsOf(header: string) {
  const parsed = parseIfNoneMatch(header);
  if (parsed === undefined) throw new Error('no header');
  return parsed;
}

t.test('a header that is exactly one entity-tag is kept whole (a 304 sends it back without a new string)', async (t) => {
  const only = (header: string): string | undefined => {
    const parsed = parseIfNoneMatch(header);
    return parsed !== undefined && !parsed.any ? parsed.only : undefined;
  };
  t.equal(only('"1-a"'), '"1-a"');
  t.equal(only('W/"1-a"'), 'W/"1-a"');
  for (const header of [' "1-a"', '"1-a" ', '"1-a", "2-b"', '"1-a",W', '"1-a","', 'x, "1-a"', '*', '"1-a"x']) {
    t.equal(only(header), undefined, `not for ${JSON.stringify(header)}`);
  }
});
