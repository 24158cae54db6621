// The reference sends gzip and br when asked (compressed once per revision), with a strong ETag per coding; any
// coding's ETag of the current revision revalidates to 304 without CouchDB, an older revision's gets 200. Vary:
// Accept-Encoding on every 200 and 304 of a page (it can vary), on nothing else.
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import t from 'tap';
import { couchRequests, request, revInBody, startStack } from '../helpers/stack.js';

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bytes: Buffer;
}

/** node:http: the bytes as sent, nothing decoded, no Accept-Encoding unless given. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('reference: content-codings', async (t) => {
  const { couch, app, direct } = await startStack(t, 'reference');
  const page = (path: string) => `${app.url}${path}`;

  t.test('identity by default, gzip and br when accepted, one strong ETag each', async (t) => {
    const doc = await direct.get('doc-1');
    const plain = await raw(page('/doc/doc-1'));
    t.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: identity');
    t.equal(plain.headers.etag, `"${doc._rev}"`, "identity's ETag is the revision");
    t.equal(plain.headers.vary, 'Accept-Encoding', 'the page can vary: Vary says so, on identity too');
    const gzip = await raw(page('/doc/doc-1'), { 'Accept-Encoding': 'gzip, deflate' });
    t.equal(gzip.headers['content-encoding'], 'gzip');
    t.equal(gzip.headers.etag, `"${doc._rev}-gzip"`, 'a strong ETag of its own');
    t.equal(gzip.headers.vary, 'Accept-Encoding');
    t.equal(Number(gzip.headers['content-length']), gzip.bytes.length, 'Content-Length counts the coded bytes');
    t.equal(gunzipSync(gzip.bytes).toString('utf8'), plain.bytes.toString('utf8'), 'decodes to the identity page');
    const br = await raw(page('/doc/doc-1'), { 'Accept-Encoding': 'gzip, deflate, br' });
    t.equal(br.headers['content-encoding'], 'br');
    t.equal(br.headers.etag, `"${doc._rev}-br"`);
    t.equal(brotliDecompressSync(br.bytes).toString('utf8'), plain.bytes.toString('utf8'));
    t.equal((await raw(page('/doc/doc-1'), { 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding'], undefined, 'gzip refused: identity');
    const head = await raw(page('/doc/doc-1'), { 'Accept-Encoding': 'gzip' }, 'HEAD');
    t.equal(head.headers['content-length'], gzip.headers['content-length'], "HEAD has GET's Content-Length in the same coding");
    t.equal(head.headers.etag, gzip.headers.etag);
  });

  t.test('each coding revalidates to 304 without CouchDB; the 304 names the selected coding', async (t) => {
    const plain = await raw(page('/doc/doc-2'));
    const gzip = await raw(page('/doc/doc-2'), { 'Accept-Encoding': 'gzip' });
    const br = await raw(page('/doc/doc-2'), { 'Accept-Encoding': 'br' });
    const before = await couchRequests(couch.getUrl());
    for (const [name, first, accept] of [
      ['identity', plain, undefined],
      ['gzip', gzip, 'gzip'],
      ['br', br, 'br'],
    ] as const) {
      const again = await raw(page('/doc/doc-2'), { 'If-None-Match': String(first.headers.etag), ...(accept ? { 'Accept-Encoding': accept } : {}) });
      t.equal(again.status, 304, `${name}: 304`);
      t.equal(again.headers.etag, first.headers.etag, `${name}: the 304 names its ETag`);
      t.equal(again.headers.vary, first.headers.vary, `${name}: the same Vary as its 200`);
      t.equal(again.bytes.length, 0);
    }
    const crossed = await raw(page('/doc/doc-2'), { 'If-None-Match': String(gzip.headers.etag) });
    t.equal(crossed.status, 304, 'a gzip ETag on an identity request: the revision is current');
    t.equal(crossed.headers.etag, plain.headers.etag, "the 304 names the identity representation's ETag (RFC 9110 §15.4.5)");
    t.equal(await couchRequests(couch.getUrl()), before, 'no 304 read CouchDB');
  });

  t.test("an older revision's coded ETag gets 200 with the new revision", async (t) => {
    const old = await raw(page('/doc/doc-3'), { 'Accept-Encoding': 'gzip' });
    const doc = await direct.get('doc-3');
    const saved = await request(page('/doc/doc-3'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...doc, title: 'new' }),
    });
    const { rev } = JSON.parse(saved.body) as { rev: string };
    const next = await raw(page('/doc/doc-3'), { 'If-None-Match': String(old.headers.etag), 'Accept-Encoding': 'gzip' });
    t.equal(next.status, 200);
    t.equal(next.headers.etag, `"${rev}-gzip"`);
    t.equal(revInBody(gunzipSync(next.bytes).toString('utf8')), rev);
  });

  t.test('group pages: coded ETags too', async (t) => {
    const plain = await raw(page('/group/g-2'));
    const gzip = await raw(page('/group/g-2'), { 'Accept-Encoding': 'gzip' });
    t.equal(gzip.headers.etag, `${String(plain.headers.etag).slice(0, -1)}-gzip"`);
    t.equal((await raw(page('/group/g-2'), { 'If-None-Match': String(gzip.headers.etag), 'Accept-Encoding': 'gzip' })).status, 304);
  });

  t.test('no Vary where nothing varies: errors, JSON answers, /health', async (t) => {
    const gz = { 'Accept-Encoding': 'gzip' };
    for (const [what, response] of [
      ['a 404', await raw(page('/doc/no-such'), gz)],
      ['a 400', await raw(page('/doc/_all_docs'), gz)],
      ['/health', await raw(page('/health'), gz)],
      ['a 412', await raw(page('/doc/doc-4'), { ...gz, 'If-Match': '"1-x"' })],
    ] as const) {
      t.equal(response.headers.vary, undefined, `${what}: no Vary`);
      t.equal(response.headers['content-encoding'], undefined, `${what}: not coded`);
    }
  });
});
