import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import t from 'tap';
import { chooseCoding, codingFor, parseAcceptEncoding } from '../../reference-server/http/accept-encoding.js';
import { CodedBodies } from '../../reference-server/http/coded-bodies.js';
import { codedEtag, codingNamed, codingOfTag } from '../../reference-server/registry/coded-etag.js';

t.test('Accept-Encoding: the coding a request gets', async (t) => {
  const cases: [string | undefined, string, string][] = [
    [undefined, 'identity', 'no header: identity (the harness default)'],
    ['', 'identity', 'empty: identity only'],
    ['gzip', 'gzip', 'gzip'],
    ['gzip, deflate', 'gzip', "fetch's default"],
    ['gzip, deflate, br, zstd', 'br', "a browser's: br preferred at equal weight"],
    ['br;q=0.5, gzip', 'gzip', 'the higher weight wins'],
    ['GZIP', 'gzip', 'names are case-insensitive'],
    ['x-gzip', 'gzip', 'x-gzip is gzip'],
    ['gzip;q=0', 'identity', 'q=0 refuses'],
    ['deflate', 'identity', 'only a coding never sent'],
    ['*', 'br', '* accepts every coding'],
    ['*;q=0.5, br;q=0', 'identity', '* at 0.5 loses to identity at 1'],
    ['identity;q=0, gzip;q=0.1', 'gzip', 'identity refused'],
    ['*;q=0, gzip', 'gzip', '* refused, gzip named'],
    ['identity;q=0', 'identity', 'nothing acceptable: identity all the same'],
    ['gzip;q=2', 'identity', 'a malformed weight drops the element'],
    ['gzip;q=0.001, identity;q=0.000', 'gzip', 'three decimals'],
    ['gzip;q=0.9', 'identity', 'identity, not named, weighs 1'],
    ['gzip, identity;q=0.0005', 'gzip', 'four decimals: the element is dropped'],
    ['gzip ; q=0.8 , br ; q=0.9, identity;q=0.5', 'br', 'spaces around parameters'],
    [',,gzip,,', 'gzip', 'empty elements'],
  ];
  for (const [header, coding, why] of cases) t.equal(codingFor(header), coding, `${JSON.stringify(header)}: ${why}`);
  t.same(parseAcceptEncoding('gzip;q=0.5, *;q=0, identity'), { gzip: 0.5, any: 0, identity: 1 });
  t.equal(chooseCoding('br'), 'br');
  t.equal(codingFor(['gzip;q=0', 'br']), 'br', 'repeated headers are one list');
});

t.test('coded ETags: a suffix per coding, read back without ambiguity', async (t) => {
  t.equal(codedEtag('"1-a"', 'identity'), '"1-a"');
  t.equal(codedEtag('"1-a"', 'gzip'), '"1-a-gzip"');
  t.equal(codedEtag('"g-xyz"', 'br'), '"g-xyz-br"');
  t.equal(codingOfTag('1-a-gzip'), 'gzip');
  t.equal(codingOfTag('1-a-br'), 'br');
  t.equal(codingOfTag('1-a'), 'identity');
  t.equal(codingNamed('1-a-gzip', '"1-a"'), 'gzip');
  t.equal(codingNamed('1-a', 'W/"1-a"'), 'identity');
  t.equal(codingNamed('g-x-br', '"g-x-br"'), 'identity', 'an ETag ending in -br is itself first');
  t.equal(codingNamed('g-x-br', '"g-x"'), 'br');
  t.equal(codingNamed('1-b-gzip', '"1-a"'), undefined);
  t.equal(codingNamed('1-a-zip', '"1-a"'), undefined);
});

t.test('coded bodies: compressed once per ETag, bounded by bytes', async (t) => {
  const bodies = new CodedBodies(20_000);
  const html = `<p>${'revision 1-abc '.repeat(200)}</p>`;
  const gzip = bodies.get('/doc/a', '"1-a"', html, 'gzip');
  t.equal(gunzipSync(gzip).toString('utf8'), html, 'gzip decodes to the page');
  t.ok(gzip.length < html.length / 5, 'and is smaller');
  t.equal(bodies.get('/doc/a', '"1-a"', html, 'gzip'), gzip, 'the same buffer for the same ETag: compressed once');
  t.equal(brotliDecompressSync(bodies.get('/doc/a', '"1-a"', html, 'br')).toString('utf8'), html, 'br decodes to the page');
  t.equal(bodies.get('/doc/a', '"1-a"', html, 'identity').toString('utf8'), html);
  const next = `${html}<p>2</p>`;
  t.equal(gunzipSync(bodies.get('/doc/a', '"2-b"', next, 'gzip')).toString('utf8'), next, 'a new ETag replaces the old bodies');
  t.equal(bodies.size, 1);
  for (let i = 0; i < 20; i++) bodies.get(`/doc/p${i}`, `"1-${i}"`, html, 'identity');
  t.ok(bodies.bytes <= 20_000, `bounded: ${bodies.bytes} bytes kept`);
  t.ok(bodies.size < 21, 'the least recently used pages went');
});
