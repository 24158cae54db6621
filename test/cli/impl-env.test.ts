// --impl-env and image: at the command line: bad values and an image: where no container can run are refused
// with one line and exit 2 before anything starts; --impl-env reaches the implementations the command starts.
import t from 'tap';
import type { ConformanceReport } from '../../harness/conformance/results.js';
import { main, type CliOutput } from '../../harness/cli/main.js';
import { runCli } from '../helpers/processes.js';

async function cli(...argv: string[]) {
  let err = '';
  const output: CliOutput = { writeOut: () => {}, writeErr: (text) => (err += text) };
  const code = await main(argv, output);
  return { code, err };
}

t.test('--impl-env takes NAME=value, never a variable the harness sets; exit 2 with one line', async (t) => {
  const cases: [string[], RegExp][] = [
    [['conformance', '--impl-env', 'NOEQUALS'], /--impl-env.*'NOEQUALS' is invalid\. expected NAME=value/],
    [['run', '--impl-env', '1X=a'], /--impl-env.*'1X=a' is invalid\. expected NAME=value/],
    [['run', '--impl-env', '=a'], /--impl-env.*'=a' is invalid\. expected NAME=value/],
    [['conformance', '--impl-env', 'PORT=9000'], /--impl-env.*'PORT=9000' is invalid\. PORT is set by the harness/],
    [['run', '--impl-env', 'COUCHDB_URL=http://x'], /COUCHDB_URL is set by the harness/],
  ];
  for (const [argv, message] of cases) {
    const { code, err } = await cli(...argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(err.split('\n')[0], message, `${argv.join(' ')}: ${err.split('\n')[0]}`);
  }
});

t.test('an image: implementation outside --env containers is refused up front, saying what to change', async (t) => {
  for (const argv of [
    ['conformance', '--env', 'embedded', '-i', 'image:my-app:1'],
    ['run', '--env', 'embedded', '-i', 'reference,image:my-app:1', '-o', t.testdirName],
    ['conformance', '--env', 'external', '--couchdb-url', 'http://127.0.0.1:19999', '--db', 'x', '-i', 'image:my-app:1'],
  ]) {
    const started = performance.now();
    const { code, err } = await cli(...argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(
      err,
      /^etag-bench: --impl: "image:my-app:1" is not usable with --env (embedded|external) \(an image: implementation needs --env containers and a container runtime\)\n$/,
    );
    t.ok(performance.now() - started < 2000, 'before anything starts');
  }
  const { code, err } = await cli('conformance', '--env', 'containers', '-i', 'image:');
  t.equal(code, 2);
  t.match(err, /--impl: "image:" is not image: followed by an image reference/, 'an empty reference');
});

t.test('--env auto without a runtime refuses an image: implementation, naming why it found none', async (t) => {
  const { code, stderr } = await runCli(['conformance', '-i', 'image:my-app'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock', ETAG_BENCH_ENV: 'auto' });
  t.equal(code, 2);
  t.match(
    stderr,
    /--impl: "image:my-app" is not usable here: --env auto chose embedded \(DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock does not answer.*\), and an image: implementation needs --env containers/,
  );
});

// The project's own entry point reads ETAG_BENCH_IMPL: the same command serves the seed when --impl-env says so.
t.test('--impl-env reaches a cmd: implementation (embedded): the same command, another built-in', async (t) => {
  const args = ['conformance', '--env', 'embedded', '-i', 'cmd:node dist/reference-server/main.js', '--reporter', 'json'];
  const reference = await runCli(args);
  t.equal(reference.code, 0, `without --impl-env it serves the reference, which conforms (stderr: ${reference.stderr.slice(-300)})`);
  const seed = await runCli([...args, '--impl-env', 'ETAG_BENCH_IMPL=seed']);
  t.equal(seed.code, 1, 'with ETAG_BENCH_IMPL=seed it serves the seed, which does not');
  const failed = (JSON.parse(seed.stdout) as ConformanceReport)[0]!.cases.filter((c) => c.kind === 'required' && !c.ok).map((c) => c.id);
  t.ok(failed.includes('inval-direct-update'), `the seed's known failures: ${failed.join(', ')}`);
});
