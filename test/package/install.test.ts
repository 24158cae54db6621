// What `npx etag-bench` installs: the packed package installed the way a user's npm installs it (production
// dependencies only, no optional peers), then run. The embedded default must work from that install with nothing
// more — including the HTML report, whose chart.js is bundled at build time — and the containers environment,
// whose stack is an optional peer, must be refused with the install command, not crash on a missing module (so
// must the autocannon driver, another optional peer).
// Runs after `npm run build` (npm test builds first); npm's cache makes the install take seconds.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PACKAGE_ROOT } from '../../harness/package-info.js';
import { tinyScenario } from '../helpers/scenario-file.js';

/** Packages the product's install must not carry: the containers stack, the old embedded server's Express stack
 *  (express-pouchdb; Express itself is now the `express` implementation's) and web UI, and what is only needed to
 *  build the report's page script. */
const NOT_INSTALLED = ['testcontainers', 'docker-modem', 'ssh2', '@grpc/grpc-js', 'autocannon', 'express-pouchdb', 'pouchdb-fauxton', 'chart.js', 'esbuild'];

const dir = mkdtempSync(join(tmpdir(), 'eb-install-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function install(): string {
  // --ignore-scripts: dist/ is already built; pack only what package.json's "files" ships.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=dev', join(dir, packed.split('\n').pop()!)], {
    cwd: app,
    stdio: 'ignore',
  });
  return app;
}

function runBin(app: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(app, 'node_modules', '.bin', 'etag-bench'), args, { cwd: app, env: { ...process.env, ETAG_BENCH_ENV: undefined } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the installed package', async (t) => {
  const app = install();
  const installed = (name: string): boolean => existsSync(join(app, 'node_modules', name, 'package.json'));

  t.test('carries none of the heavy packages the embedded default never touches', async (t) => {
    t.ok(installed('etag-bench'), 'etag-bench itself');
    for (const name of NOT_INSTALLED) t.notOk(installed(name), `no ${name}`);
  });

  t.test('ships the built page script, so reports need no chart.js at run time', async (t) => {
    t.ok(existsSync(join(app, 'node_modules', 'etag-bench', 'dist', 'reports', 'browser', 'page-script.js')));
  });

  t.test('runs a scenario on the embedded default and writes the report', async (t) => {
    const out = join(dir, 'out');
    const run = await runBin(app, ['run', '--env', 'embedded', '-s', tinyScenario(dir, 1), '-i', 'reference', '--no-conformance', '--quiet', '-o', out]);
    t.equal(run.code, 0, `exit 0 (${run.stderr.slice(-400)})`);
    t.same(readdirSync(out).sort(), ['report.html', 'results.json', 'summary.md']);
  });

  t.test('--env containers without testcontainers: refused with the install command, exit 2, nothing started', async (t) => {
    const out = join(dir, 'out-containers');
    const run = await runBin(app, ['run', '--env', 'containers', '-s', 'smoke', '-i', 'reference', '-o', out]);
    t.equal(run.code, 2);
    t.match(run.stderr, /^etag-bench: --env containers: testcontainers is not installed: install it beside etag-bench \(npm install testcontainers@12\.0\.1/m);
    t.notMatch(run.stderr, /\n\s+at .*\.js:\d+/, 'no stack trace');
    t.notOk(existsSync(join(out, 'results.json')), 'nothing measured');
  });

  t.test('--driver autocannon without autocannon: refused with the install command, exit 2', async (t) => {
    const run = await runBin(app, ['run', '--env', 'embedded', '--driver', 'autocannon', '-s', 'smoke', '-o', join(dir, 'out-autocannon')]);
    t.equal(run.code, 2);
    t.match(run.stderr, /^etag-bench: --driver autocannon: autocannon is not installed: install it beside etag-bench \(npm install autocannon@\^9\.0\.0/m);
  });
});
