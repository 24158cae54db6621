import t from 'tap';
import { parseIfNoneMatch, type IfNoneMatch } from '../../protocol/http/if-none-match.js';
import { EtagRegistry } from '../../reference-server/registry/etag-registry.js';

const inm = (header: string): IfNoneMatch => {
  const parsed = parseIfNoneMatch(header);
  if (parsed === undefined) throw new Error('no header');
  return parsed;
};

function registryWithDoc(rev = '1-a') {
  const registry = new EtagRegistry();
  registry.set('/doc/x', `"${rev}"`, [{ key: 'doc:x', rev }], registry.beginRender());
  return registry;
}

t.test('check', async (t) => {
  const registry = registryWithDoc();
  t.ok(registry.check('/doc/x', inm('"1-a"')), 'strong match');
  t.ok(registry.check('/doc/x', inm('W/"1-a"')), 'weak comparison');
  t.ok(registry.check('/doc/x', inm('"0-z", "1-a"')), 'match last in a list');
  t.ok(registry.check('/doc/x', inm('"1-a", "0-z"')), 'match first in a list');
  t.ok(registry.check('/doc/x', inm('*')), '* on a registered page');
  t.notOk(registry.check('/doc/x', inm('"2-b"')), 'another tag');
  t.notOk(registry.check('/doc/y', inm('"1-a"')), 'the ETag of another page is not valid here');
  t.notOk(registry.check('/doc/y', inm('*')), '* on an unknown page: the caller must look it up');
});

t.test('set replaces the previous ETag of a page', async (t) => {
  const registry = registryWithDoc('1-a');
  registry.set('/doc/x', '"2-b"', [{ key: 'doc:x', rev: '2-b' }], registry.beginRender());
  t.notOk(registry.check('/doc/x', inm('"1-a"')));
  t.ok(registry.check('/doc/x', inm('"2-b"')));
  t.equal(registry.size, 1);
});

t.test('remove by ETag forgets every page carrying it', async (t) => {
  const registry = registryWithDoc();
  registry.set('/doc/x?view=print', '"1-a"', [{ key: 'doc:x', rev: '1-a' }], registry.beginRender());
  t.equal(registry.remove('W/"1-a"'), 2);
  t.notOk(registry.check('/doc/x', inm('"1-a"')));
  t.equal(registry.size, 0);
  t.equal(registry.remove('"1-a"'), 0, 'removing twice is harmless');
});

t.test('remove-by-key forgets every dependent page', async (t) => {
  const registry = new EtagRegistry();
  const ticket = registry.beginRender();
  registry.set('/doc/a', '"1-a"', [{ key: 'doc:a', rev: '1-a' }], ticket);
  registry.set('/group/g', '"g1"', [{ key: 'doc:a', rev: '1-a' }, { key: 'doc:b', rev: '1-b' }, { key: 'group:g' }], ticket);
  registry.set('/doc/b', '"1-b"', [{ key: 'doc:b', rev: '1-b' }], ticket);
  t.equal(registry.removeByKey('doc:a', '2-a'), 2, 'the doc page and the group page');
  t.notOk(registry.check('/group/g', inm('"g1"')));
  t.ok(registry.check('/doc/b', inm('"1-b"')), 'pages of other keys stay');
});

t.test('remove-by-key keeps pages that already show the announced revision', async (t) => {
  const registry = registryWithDoc('2-b');
  t.equal(registry.removeByKey('doc:x', '2-b'), 0, 'the feed echo of a write the app already handled');
  t.ok(registry.check('/doc/x', inm('"2-b"')));
});

t.test('membership: a key without revision invalidates its pages', async (t) => {
  const registry = new EtagRegistry();
  registry.set('/group/g', '"g1"', [{ key: 'doc:a', rev: '1-a' }, { key: 'group:g' }], registry.beginRender());
  t.equal(registry.removeByKey('group:g'), 1, 'a document joined the group');
  t.notOk(registry.check('/group/g', inm('"g1"')));
});

t.test('race fence', async (t) => {
  t.test('a render of N-1 that finishes after the invalidation of N is not registered', async (t) => {
    const registry = new EtagRegistry();
    const ticket = registry.beginRender(); // render starts and reads 1-a
    registry.removeByKey('doc:x', '2-b'); // write of 2-b is seen
    t.notOk(registry.set('/doc/x', '"1-a"', [{ key: 'doc:x', rev: '1-a' }], ticket));
    t.notOk(registry.check('/doc/x', inm('"1-a"')));
  });

  t.test('a render that starts after the invalidation but read an old revision is refused too', async (t) => {
    const registry = new EtagRegistry();
    registry.removeByKey('doc:x', '3-c');
    t.notOk(registry.set('/doc/x', '"2-b"', [{ key: 'doc:x', rev: '2-b' }], registry.beginRender()));
  });

  t.test('a render of N finishing after the invalidation of N is registered', async (t) => {
    const registry = new EtagRegistry();
    const ticket = registry.beginRender();
    registry.removeByKey('doc:x', '2-b');
    t.ok(registry.set('/doc/x', '"2-b"', [{ key: 'doc:x', rev: '2-b' }], ticket));
    t.ok(registry.check('/doc/x', inm('"2-b"')));
  });

  t.test('a render newer than any announced revision is registered', async (t) => {
    const registry = new EtagRegistry();
    registry.removeByKey('doc:x', '2-b');
    t.ok(registry.set('/doc/x', '"3-c"', [{ key: 'doc:x', rev: '3-c' }], registry.beginRender()));
  });

  t.test('a late announcement of an older revision does not lower the floor', async (t) => {
    const registry = new EtagRegistry();
    registry.removeByKey('doc:x', '3-c');
    registry.removeByKey('doc:x', '2-b');
    t.notOk(registry.set('/doc/x', '"2-b"', [{ key: 'doc:x', rev: '2-b' }], registry.beginRender()));
  });

  t.test('a conflicting revision of the same generation is not registered', async (t) => {
    const registry = new EtagRegistry();
    registry.removeByKey('doc:x', '2-b');
    t.notOk(registry.set('/doc/x', '"2-z"', [{ key: 'doc:x', rev: '2-z' }], registry.beginRender()));
  });

  t.test('a group render overtaken by a membership change is not registered', async (t) => {
    const registry = new EtagRegistry();
    const ticket = registry.beginRender(); // the listing is read without the new member
    registry.removeByKey('group:g'); // a document joins
    t.notOk(registry.set('/group/g', '"g1"', [{ key: 'doc:a', rev: '1-a' }, { key: 'group:g' }], ticket));
    t.ok(registry.set('/group/g', '"g2"', [{ key: 'doc:a', rev: '1-a' }, { key: 'group:g' }], registry.beginRender()));
  });

  t.test('a tombstone announced while rendering the live doc fences it', async (t) => {
    const registry = new EtagRegistry();
    const ticket = registry.beginRender();
    registry.removeByKey('doc:x', '3-dead');
    t.notOk(registry.set('/doc/x', '"2-b"', [{ key: 'doc:x', rev: '2-b' }], ticket));
  });
});

t.test('bounded memory: least recently used pages are evicted', async (t) => {
  const registry = new EtagRegistry({ maxPages: 3 });
  for (const id of ['a', 'b', 'c']) {
    registry.set(`/doc/${id}`, `"1-${id}"`, [{ key: `doc:${id}`, rev: `1-${id}` }], registry.beginRender());
  }
  t.ok(registry.check('/doc/a', inm('"1-a"')), 'touch a: b is now the oldest');
  registry.set('/doc/d', '"1-d"', [{ key: 'doc:d', rev: '1-d' }], registry.beginRender());
  t.equal(registry.size, 3);
  t.equal(registry.evictions, 1);
  t.notOk(registry.check('/doc/b', inm('"1-b"')), 'evicted: costs a 200, never a stale 304');
  t.ok(registry.check('/doc/a', inm('"1-a"')));
  t.equal(registry.removeByKey('doc:b', '2-b'), 0, 'the evicted page left no index entry behind');
});

t.test('clear forgets every page but keeps the revision floors', async (t) => {
  const registry = registryWithDoc('1-a');
  registry.removeByKey('doc:y', '5-e');
  registry.clear();
  t.equal(registry.size, 0);
  t.notOk(registry.set('/doc/y', '"4-d"', [{ key: 'doc:y', rev: '4-d' }], registry.beginRender()));
});

t.test('maxPages must be a positive integer', async (t) => {
  t.throws(() => new EtagRegistry({ maxPages: 0 }), RangeError);
});

t.test('content-codings: any coding of the current ETag is a match; the 304 names the selected coding', async (t) => {
  const rev = `3-${'0123456789abcdef'.repeat(2)}`;
  const old = `2-${'f'.repeat(32)}`;
  for (const [shape, registry, tag] of [
    ['packed revision', registryWithDoc(rev), rev],
    ['other ETag', registryWithDoc('1-a'), '1-a'],
  ] as const) {
    t.equal(registry.check('/doc/x', inm(`"${tag}"`)), `"${tag}"`, `${shape}: identity for identity`);
    t.equal(registry.check('/doc/x', inm(`"${tag}-gzip"`), 'gzip'), `"${tag}-gzip"`, `${shape}: the gzip ETag revalidates a gzip request`);
    t.equal(registry.check('/doc/x', inm(`"${tag}-br"`), 'br'), `"${tag}-br"`, `${shape}: br`);
    t.equal(registry.check('/doc/x', inm(`"${tag}-gzip"`)), `"${tag}"`, `${shape}: a gzip ETag, identity selected: the 304 names identity's`);
    t.equal(registry.check('/doc/x', inm(`"${tag}"`), 'gzip'), `"${tag}-gzip"`, `${shape}: an identity ETag, gzip selected: the 304 names gzip's`);
    t.equal(registry.check('/doc/x', inm(`W/"${tag}-gzip"`), 'gzip'), `"${tag}-gzip"`, `${shape}: weak comparison, the strong ETag sent`);
    t.equal(registry.check('/doc/x', inm('*'), 'br'), `"${tag}-br"`, `${shape}: * in a coding`);
    t.notOk(registry.check('/doc/x', inm(`"${tag}-deflate"`), 'gzip'), `${shape}: a coding never sent is no match`);
    t.notOk(registry.check('/doc/x', inm(`"${tag}-gzip-gzip"`), 'gzip'), `${shape}: one suffix only`);
    t.notOk(registry.check('/doc/x', inm(`"${old}-gzip"`), 'gzip'), `${shape}: an older revision's gzip ETag`);
  }
  const header = `"${rev}-gzip"`;
  t.equal(registryWithDoc(rev).check('/doc/x', inm(header), 'gzip'), header, 'the usual gzip 304 sends the header back as is');
});
