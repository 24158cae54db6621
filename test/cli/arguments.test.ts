import t from 'tap';
import { main, type CliOutput } from '../../harness/cli/main.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const output: CliOutput = { writeOut: (text) => (out += text), writeErr: (text) => (err += text) };
  const code = await main(argv, output);
  return { code, out, err };
}

t.test('--help works on the program and on every command', async (t) => {
  for (const argv of [['--help'], ['serve', '--help'], ['couchdb', '--help'], ['fault-proxy', '--help']]) {
    const { code, out } = await cli(...argv);
    t.equal(code, 0, `${argv.join(' ')} exits 0`);
    t.match(out, /Usage: etag-bench/);
  }
  const { out } = await cli('--help');
  t.match(out, /serve/);
  t.match(out, /couchdb/);
  t.match(out, /fault-proxy/);
  // Help wraps the description: any whitespace between its words.
  const helper = "the harness's own helper: the fault proxy the containers environment puts between implementations and CouchDB";
  t.match((await cli('fault-proxy', '--help')).out, new RegExp(helper.split(' ').join('\\s+')), 'fault-proxy says whose helper it is');
});

t.test('--version prints the package version', async (t) => {
  const { code, out } = await cli('--version');
  t.equal(code, 0);
  t.match(out, /^\d+\.\d+\.\d+/);
});

t.test('bad options and values print one clear line and exit 2', async (t) => {
  const cases: [string[], RegExp][] = [
    [['serve', '--port', 'eighty'], /--port.*'eighty' is invalid.*port number/],
    [['serve', '--port', '70000'], /--port.*'70000' is invalid/],
    [['serve', '--impl', 'nginx'], /--impl.*'nginx' is invalid.*reference, seed/],
    [['serve', '--seed', '-3'], /--seed.*'-3' is invalid|unknown option '-3'/],
    [['serve', '--couchdb-url', 'ftp://x'], /--couchdb-url.*is invalid.*http/],
    [['serve', '--couchdb-url', 'http://127.0.0.1:1'], /--couchdb-url.*is invalid.*port 1 is on the Fetch standard's blocked-port list/],
    [['serve', '--db', 'Bad Name'], /--db.*is invalid/],
    [['serve', '--no-such-option'], /unknown option '--no-such-option'/],
    [['couchdb', '--admin', 'nopassword'], /--admin.*is invalid.*user:password/],
    [['couchdb', '--port'], /--port.*argument missing/],
    [['fault-proxy', '--target', 'nowhere'], /^etag-bench: .*--target.*'nowhere' is invalid.*host:port/],
    [['fault-proxy', '--port', '5984'], /^etag-bench: required option '--target/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [argv, message] of cases) {
    const { code, err } = await cli(...argv);
    t.equal(code, 2, `${argv.join(' ')} exits 2`);
    t.match(err.split('\n')[0], message, `${argv.join(' ')}: ${err.split('\n')[0]}`);
    t.match(err, /^etag-bench: /, "one voice: commander's errors too start with etag-bench:");
    t.notMatch(err, /\n\s+at /, 'no stack trace');
  }
});
