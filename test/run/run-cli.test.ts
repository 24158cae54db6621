import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nano from 'nano';
import type { ResultsFile } from '../../harness/results/types.js';
import { CLI, ROOT, alive, runCli, spawnReady } from '../helpers/processes.js';
import { tinyScenario } from '../helpers/scenario-file.js';

t.test('bad usage exits 2 with one clear line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-cli-'));
  const cases: [string[], RegExp][] = [
    [['run', '-s', 'nope'], /^etag-bench: unknown scenario "nope" \(built-in: .*smoke/],
    [
      ['run', '-i', 'frob'],
      /^etag-bench: --impl: "frob" is not a built-in \(reference, seed, seed-changes, ttl, couchdb, none, express, fastify\), cmd:<command>, url:<base URL> or image:<image>$/,
    ],
    [['run', '--env', 'external'], /^etag-bench: --env: "external" is not usable without --couchdb-url/],
    [['run', '-d', '0'], /--duration.*'0' is invalid/],
    [['run', '--driver', 'wrk'], /--driver.*'wrk' is invalid.*expected one of: undici, autocannon/],
    [['run', '-s', join(dir, 'missing.json')], /missing\.json: cannot read the scenario \(no such file\)/],
  ];
  for (const [argv, message] of cases) {
    const { code, stderr } = await runCli(argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(stderr.trim(), message);
    t.equal(stderr.trim().split('\n').length, 1, 'one line');
  }
});

t.test('--json prints results.json on stdout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-cli-'));
  const { code, stdout, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    tinyScenario(dir, 1),
    '-i',
    'reference',
    '-o',
    join(dir, 'out'),
    '--json',
    '--quiet',
    '--no-conformance',
  ]);
  t.equal(code, 0, stderr);
  const results = JSON.parse(stdout) as ResultsFile;
  t.equal(results.schema, 'etag-bench/results');
  t.equal(results.schemaVersion, 2);
  t.equal(results.runs.length, 1);
  t.equal(results.runs[0]!.impl, 'reference', 'impl exactly as given');
  t.match(stderr, /reference\s+tiny/, 'the summary table goes to stderr');
});

t.test('--driver autocannon sends the closed-loop reads with autocannon, and results.json says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-cli-'));
  const { code, stdout, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    tinyScenario(dir, 1),
    '-i',
    'reference',
    '-o',
    join(dir, 'out'),
    '--json',
    '--quiet',
    '--no-conformance',
    '--driver',
    'autocannon',
  ]);
  t.equal(code, 0, stderr);
  const results = JSON.parse(stdout) as ResultsFile;
  t.match(results.environment.loadGenerator, /^autocannon \d+\.\d+\.\d+$/);
  const run = results.runs[0]!;
  t.ok(run.requests > 50, `reads were sent (${run.requests})`);
  t.same(run.stale, { '200': 0, '304': 0 }, 'judged as with the default driver: the reference is never stale');
});

t.test('Ctrl-C stops the load, writes partial results and stops every process it started', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-cli-'));
  const out = join(dir, 'out');
  const child = spawn(
    process.execPath,
    [CLI, 'run', '-e', 'embedded', '-s', tinyScenario(dir, 60), '-i', 'reference', '-o', out, '--quiet', '--no-conformance'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  // Wait until the implementation is up (its process is a grandchild of the CLI's), then into its load.
  let started: number[] = [];
  const implementationUp = (): boolean => started.some((pid) => /reference-server\/main\.js/.test(commandLine(pid)));
  for (let i = 0; i < 300 && !implementationUp(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    started = descendants(child.pid!);
  }
  t.ok(implementationUp(), `the run started the implementation (${started.length} processes)`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  child.kill('SIGINT');
  const [code] = await exited;
  t.equal(code, 130, `exit 130 after Ctrl-C (stderr: ${stderr.slice(-300)})`);
  t.match(stderr, /interrupted/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.runs[0]!.partial, true, 'marked partial');
  t.ok(results.runs[0]!.requests > 0, 'with what was measured');
  t.ok(existsSync(join(out, 'report.html')));
  for (const pid of started) t.notOk(alive(pid), `process ${pid} was stopped`);
});

t.test("--env external: the user's CouchDB with credentials, a database of its own, deleted afterwards", async (t) => {
  const couch = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--admin', 'admin:s3cret', '--json']);
  const url = (couch.ready.url as string).replace('http://', 'http://admin:s3cret@');
  const dir = mkdtempSync(join(tmpdir(), 'eb-cli-'));
  const scenario = tinyScenario(dir, 1);

  const first = await runCli([
    'run',
    '-s',
    scenario,
    '-i',
    'reference',
    '-e',
    'external',
    '--couchdb-url',
    url,
    '-o',
    join(dir, 'a'),
    '--quiet',
    '--no-conformance',
  ]);
  t.equal(first.code, 0, first.stderr);
  t.notMatch(first.stdout + first.stderr, /s3cret/, 'the password never appears');
  const results = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.environment.kind, 'external');
  t.match(results.environment.couchdb.version, /\d/, 'names the CouchDB version it measured');
  t.notMatch(JSON.stringify(results), /s3cret/);
  t.equal(results.runs[0]!.stale['304'] + results.runs[0]!.stale['200'], 0);
  const server = nano(url);
  t.same(
    (await server.db.list()).filter((db) => db.startsWith('etag-bench-')),
    [],
    'the database it created is gone',
  );

  const second = await runCli([
    'run',
    '-s',
    scenario,
    '-i',
    'reference',
    '-e',
    'external',
    '--couchdb-url',
    url,
    '--db',
    'mine',
    '-o',
    join(dir, 'b'),
    '--quiet',
    '--no-conformance',
  ]);
  t.equal(second.code, 0, second.stderr);
  t.ok((await server.db.list()).includes('mine'), 'a database named with --db is kept');
  t.equal((await server.use('mine').get('doc-0'))._id, 'doc-0', 'and holds the scenario documents');
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  for (const child of direct) out.push(child, ...descendants(child));
  return out;
}
