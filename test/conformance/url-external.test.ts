import t from 'tap';
import { CLI, runCli, spawnReady } from '../helpers/processes.js';

t.test('url: against a server already running on an external CouchDB with credentials', async (t) => {
  const couch = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--admin', 'admin:pw', '--json']);
  const couchUrl = (couch.ready.url as string).replace('http://', 'http://admin:pw@');
  const served = await spawnReady(t, [
    CLI,
    'serve',
    '--impl',
    'reference',
    '--env',
    'external',
    '--couchdb-url',
    couchUrl,
    '--db',
    'app',
    '--port',
    '0',
    '--json',
  ]);
  const url = served.ready.url as string;

  const { code, stdout, stderr } = await runCli([
    'conformance',
    '-i',
    `url:${url}`,
    '-e',
    'external',
    '--couchdb-url',
    couchUrl,
    '--db',
    'app',
    '--reporter',
    'json',
  ]);
  t.equal(code, 0, `the reference behind url: conforms (${stderr.trim()})`);
  const report = JSON.parse(stdout) as { impl: string; cases: { id: string; ok: boolean }[] }[];
  t.equal(report[0]!.impl, `url:${url}`, 'named as given');
  t.ok(report[0]!.cases.length > 30 && report[0]!.cases.every((c) => c.ok));
  t.notMatch(stdout + stderr, /admin:pw/, 'credentials never printed');
  t.equal((await fetch(`${url}/health`)).status, 200, 'a url: implementation is not stopped by the suite');
});
