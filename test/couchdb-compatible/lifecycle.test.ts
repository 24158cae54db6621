// Starting, stopping, options, isolation between instances, and nothing written to disk.
import t from 'tap';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCouchDb } from '../../harness/couchdb-compatible/embedded-couchdb.js';
import { http, openStream, startCouch } from './fixture.js';

t.test('stop() releases the port: a new server can listen on it', async (t) => {
  const first = await new EmbeddedCouchDb().start();
  const port = first.getPort();
  t.ok(port > 0, 'port 0 asks the OS for a free port');
  t.equal(first.getUrl(), `http://127.0.0.1:${port}`);
  await first.stop();
  await first.stop(); // idempotent
  const second = await new EmbeddedCouchDb().withPort(port).start();
  t.teardown(() => second.stop());
  t.equal(second.getPort(), port, 'the same port is free again');
  t.equal((await http(second.getUrl(), 'GET', '/_up')).status, 200);
});

t.test('a port in use is a StartupError; bad options are InvalidOptionErrors', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as { port: number }).port;
  await t.rejects(new EmbeddedCouchDb().withPort(port).start(), { code: 'EB_ERR_STARTUP', message: new RegExp(`127\\.0\\.0\\.1:${port}`) });
  t.throws(() => new EmbeddedCouchDb().withPort(70000), { code: 'EB_ERR_INVALID_OPTION' });
  t.throws(() => new EmbeddedCouchDb().withPort(1.5), { code: 'EB_ERR_INVALID_OPTION' });
  t.throws(() => new EmbeddedCouchDb().withAdmin('a:b', 'x'), { code: 'EB_ERR_INVALID_OPTION' });
  t.throws(() => new EmbeddedCouchDb().withHost(''), { code: 'EB_ERR_INVALID_OPTION' });
});

t.test('two instances in one process share nothing', async (t) => {
  const a = await startCouch(t);
  const b = await startCouch(t);
  await http(a.getUrl(), 'PUT', '/db');
  await http(b.getUrl(), 'PUT', '/db');
  await http(a.getUrl(), 'PUT', '/db/only-a', { body: {} });
  await http(a.getUrl(), 'PUT', '/other', {});
  t.same((await http(b.getUrl(), 'GET', '/_all_dbs')).json, ['db'], "b does not list a's databases");
  t.equal((await http(b.getUrl(), 'GET', '/db/only-a')).status, 404, "b does not see a's documents");

  const feedOnB = await openStream(b.getUrl(), '/db/_changes?feed=continuous&since=now&heartbeat=30000');
  t.teardown(() => feedOnB.close());
  await http(a.getUrl(), 'DELETE', '/db');
  await http(b.getUrl(), 'PUT', '/db/still-here', { body: {} });
  await feedOnB.until((text) => text.includes('"id":"still-here"'));
  t.pass("deleting a's db leaves b's feed on the same name running");
});

t.test('nothing is written to the working directory', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'embedded-couchdb-'));
  const cwd = process.cwd();
  process.chdir(dir);
  t.teardown(async () => {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  });
  const couch = await new EmbeddedCouchDb().start();
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  await http(url, 'PUT', '/db/doc', { body: { group: 'g' } });
  await http(url, 'PUT', '/db/_design/app', { body: { views: { v: { map: 'function (doc) { emit(doc.group); }' } } } });
  await http(url, 'GET', '/db/_design/app/_view/v');
  await http(url, 'GET', '/_session');
  await http(url, 'GET', '/_all_dbs');
  await http(url, 'DELETE', '/db');
  await couch.stop();
  t.same(await readdir(dir), [], 'no config.json, log.txt or database directory');
});
