// What can be checked is checked before the first process starts: one line, exit 2, nothing started, nothing
// waited for. And a server that should already run, and refuses the connection, is said to at once.

import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/processes.js';
import { shortScenario, shortSmoke } from '../helpers/scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'eb-checks-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A port nothing listens on: asked of the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('a fault the environment cannot perform is refused before CouchDB is even reached', async (t) => {
  // --env external on a CouchDB that does not exist: had the environment been started first, the error would be
  // about connecting to it.
  const scenario = shortScenario(dir, 'faults', { durationS: 6, faults: [{ atS: 1, kind: 'pause-couchdb', forS: 1 }] });
  const port = await closedPort();
  const { code, stderr } = await runCli([
    'run',
    '--env',
    'external',
    '--couchdb-url',
    `http://127.0.0.1:${port}`,
    '-s',
    scenario,
    '-i',
    'reference',
    '-o',
    join(dir, 'out'),
  ]);
  t.equal(code, 2, stderr);
  t.match(stderr, /^etag-bench: .*pause-couchdb.*--env external cannot: CouchDB is the user's/m);
  t.notMatch(stderr, /ECONNREFUSED|connection refused|fetch failed/, 'CouchDB was never contacted');
  t.equal(
    stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('etag-bench:')).length,
    1,
    'one line',
  );
});

t.test('an output path under a file is refused before anything starts', async (t) => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory');
  const { code, stderr } = await runCli(['run', '--env', 'embedded', '-s', shortSmoke(dir), '-i', 'reference', '-o', join(file, 'out')]);
  t.equal(code, 2);
  t.match(stderr, /^etag-bench: --out: .* is not a directory \(.* is a file\)$/m);
  t.notMatch(stderr, /load running|harness ceiling/, 'nothing ran');
});

t.test('url: an implementation that refuses the connection fails at once, saying so', async (t) => {
  const port = await closedPort();
  const started = performance.now();
  const { code, stderr } = await runCli(['run', '--env', 'embedded', '-s', shortSmoke(dir), '-i', `url:http://127.0.0.1:${port}`, '-o', join(dir, 'out3')]);
  t.equal(code, 2, 'an implementation that did not start');
  t.match(
    stderr,
    new RegExp(
      `url:http://127\\.0\\.0\\.1:${port}: http://127\\.0\\.0\\.1:${port}/health cannot be reached: connection refused \\(nothing listens there\\), ECONNREFUSED; is it running\\?`,
    ),
  );
  t.comment(`answered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

t.test('a CouchDB URL on a port fetch refuses is said to be that, not a malformed URL', async (t) => {
  const { code, stderr } = await runCli(['run', '--env', 'external', '--couchdb-url', 'http://127.0.0.1:1', '-i', 'reference', '-o', join(dir, 'out2')]);
  t.equal(code, 2);
  t.match(
    stderr,
    /^etag-bench: option '--couchdb-url <url>' argument 'http:\/\/127\.0\.0\.1:1' is invalid\. port 1 is on the Fetch standard's blocked-port list/m,
  );
  t.notMatch(stderr, /bad port|error happened in your connection/);
});
