// The password in a CouchDB URL never shows: not on stdout or stderr, not in results.json, report.html or
// summary.md, not in the conformance TAP, not in an error message, and not on any command line of the
// processes a run starts (ps shows those to every user of the machine).

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { CLI, ROOT, runCli, spawnReady } from '../helpers/processes.js';
import { invalidatorScenario } from '../helpers/scenario-file.js';

const PASSWORD = 'pw-9f3c2e1d';

/** Command lines of a process's descendants (not its own). */
function descendantCommandLines(root: number): string[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) if (!tree.has(row.pid) && tree.has(row.ppid)) tree.add(row.pid), (grew = true);
  }
  // By pid, not by position: after the pids wrap around, a child can have a lower pid than its parent.
  return rows.filter((row) => row.pid !== root && tree.has(row.pid)).map((row) => row.args);
}

t.test('run --env external with credentials, a purging proxy and its invalidator: the password shows nowhere', async (t) => {
  const couch = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--admin', `admin:${PASSWORD}`, '--json']);
  const url = (couch.ready.url as string).replace('http://', `http://admin:${PASSWORD}@`);
  const dir = t.testdir();
  const scenario = invalidatorScenario(dir, 'credentials');
  const out = join(dir, 'out');
  // Not quiet, and with conformance: every note and every output the run can print.
  const child = spawn(process.execPath, [CLI, 'run', '-e', 'external', '--couchdb-url', url, '-s', scenario, '-i', 'reference', '-o', out], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  t.teardown(() => void child.kill('SIGKILL'));
  let done = false;
  void exited.then(() => (done = true));
  const exposed = new Set<string>();
  let looked = 0;
  while (!done) {
    // The CLI's own command line carries the URL: that is the user's choice. Its children must not.
    for (const args of descendantCommandLines(child.pid!)) if (args.includes(PASSWORD)) exposed.add(args);
    looked++;
    await sleep(200);
  }
  const [code] = (await exited) as [number | null];
  t.equal(code, 0, `exit 0: ${output.slice(-400).replaceAll(PASSWORD, '***')}`);
  t.ok(looked > 5, `command lines looked at ${looked} times during the run`);
  t.same(
    [...exposed].map((args) => args.replaceAll(PASSWORD, '<password>')),
    [],
    'no process the run started has the password on its command line',
  );
  t.notOk(output.includes(PASSWORD), 'not on stdout or stderr');
  for (const file of ['results.json', 'report.html', 'summary.md']) {
    t.notOk(readFileSync(join(out, file), 'utf8').includes(PASSWORD), `not in ${file}`);
  }

  const conformance = await runCli(['conformance', '-e', 'external', '--couchdb-url', url, '-i', 'reference']);
  t.equal(conformance.code, 0, 'conformance passes');
  t.notOk(conformance.stdout.includes(PASSWORD) || conformance.stderr.includes(PASSWORD), 'not in the conformance TAP or its log');
});

t.test('a CouchDB URL refused as it is parsed (a port fetch blocks), with credentials: exit 2, no password', async (t) => {
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'external',
    '--couchdb-url',
    `http://admin:${PASSWORD}@127.0.0.1:1`,
    '-i',
    'reference',
    '-o',
    t.testdir(),
  ]);
  t.equal(code, 2);
  t.match(
    stderr,
    /^etag-bench: option '--couchdb-url <url>' argument 'http:\/\/admin:\*\*\*@127\.0\.0\.1:1' is invalid/,
    'the URL quoted with its password hidden',
  );
  t.notOk(stderr.includes(PASSWORD), stderr);
});

t.test('an unreachable CouchDB with credentials: exit 2, one line, no password', async (t) => {
  const { code, stdout, stderr } = await runCli([
    'run',
    '-e',
    'external',
    '--couchdb-url',
    `http://admin:${PASSWORD}@127.0.0.1:${await closedPort()}`,
    '-i',
    'reference',
    '--no-conformance',
    '-o',
    t.testdir(),
  ]);
  t.equal(code, 2);
  t.notOk(stdout.includes(PASSWORD) || stderr.includes(PASSWORD), `the message does not show it: ${stderr.trim()}`);
  t.notMatch(stderr, /^\s+at /m, 'no stack trace');
});

/** A port nothing listens on: asked of the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
