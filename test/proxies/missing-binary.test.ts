// Without the proxy's binary, `run --proxy` fails at once with the install command (exit 2).

import t from 'tap';
import { runCli } from '../helpers/processes.js';

t.test('varnishd missing', async (t) => {
  process.env.ETAG_BENCH_VARNISHD = '/nonexistent/varnishd';
  t.teardown(() => void delete process.env.ETAG_BENCH_VARNISHD);
  const started = Date.now();
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    'smoke',
    '-i',
    'reference',
    '--proxy',
    'varnish:purge',
    '--no-conformance',
    '--quiet',
    '-o',
    t.testdir(),
  ]);
  t.equal(code, 2, stderr);
  t.match(stderr, /varnishd is not installed.*apt-get install varnish varnish-modules/);
  t.ok(Date.now() - started < 5000, 'fails before starting anything');
});

t.test('nginx missing', async (t) => {
  process.env.ETAG_BENCH_NGINX = '/nonexistent/nginx';
  t.teardown(() => void delete process.env.ETAG_BENCH_NGINX);
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    'smoke',
    '-i',
    'reference',
    '--proxy',
    'nginx',
    '--no-conformance',
    '--quiet',
    '-o',
    t.testdir(),
  ]);
  t.equal(code, 2, stderr);
  t.match(stderr, /nginx is not installed.*apt-get install nginx-light/);
});

t.test('nginx cannot revalidate', async (t) => {
  const { code, stderr } = await runCli([
    'run',
    '-e',
    'embedded',
    '-s',
    'smoke',
    '-i',
    'reference',
    '--proxy',
    'nginx:revalidate',
    '--no-conformance',
    '--quiet',
    '-o',
    t.testdir(),
  ]);
  t.equal(code, 2, stderr);
  t.match(stderr, /nginx cannot ask the origin on every request/);
});
