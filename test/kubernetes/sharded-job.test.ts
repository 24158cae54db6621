// `etag-bench kubernetes manifests` and `collect`: the manifests checked against the official Kubernetes schema
// (kubernetes-models' validation), bad values refused before anything is written, and the pods' own script run
// here, two shards at once against one target, their logs collected and merged into one run.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap } from 'kubernetes-models/v1';
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { main } from '../../harness/cli/main.js';
import { podScript } from '../../harness/kubernetes/sharded-job.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { builtInScenarioFile } from '../../harness/scenario/load-scenario.js';
import { CLI, ROOT, runCli, startExternalTarget } from '../helpers/processes.js';
import { shortSmoke } from '../helpers/scenario-file.js';

t.setTimeout(300_000);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  return { code, out, err };
}

const inAMinute = (): string => new Date(Date.now() + 60_000).toISOString();
const base = (startAt = inAMinute()) => [
  'kubernetes',
  'manifests',
  '--name',
  'smoke-load',
  '--shards',
  '3',
  '--image',
  'registry.example/etag-bench:1',
  '-s',
  'smoke',
  '-i',
  'url:http://app.default.svc:8080',
  '--db',
  'pages',
  '--start-at',
  startAt,
];

t.test('the manifests validate against the Kubernetes schema: an Indexed Job of one pod per shard, the scenario in a ConfigMap', async (t) => {
  const startAt = inAMinute();
  const { code, out, err } = await cli(...base(startAt), '--couchdb-secret', 'couch:url', '--namespace', 'bench', '--run-arg=-d', '--run-arg=30');
  t.equal(code, 0, err);
  const [configMap, job] = parseAllDocuments(out).map((doc) => doc.toJS() as Record<string, unknown>);
  t.doesNotThrow(() => new ConfigMap(configMap as never).validate(), 'the ConfigMap is a valid v1 ConfigMap');
  t.doesNotThrow(() => new Job(job as never).validate(), 'the Job is a valid batch/v1 Job');
  const spec = (job as { spec: Record<string, unknown> }).spec as {
    completionMode: string;
    completions: number;
    parallelism: number;
    backoffLimit: number;
    template: { spec: { containers: { command: string[]; env: unknown[]; image: string }[]; volumes: unknown[] } };
  };
  t.match(spec, { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 0 });
  const container = spec.template.spec.containers[0]!;
  t.equal(container.image, 'registry.example/etag-bench:1');
  const script = container.command[2]!;
  t.match(script, /--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/3"/, "the pod's completion index is its shard");
  t.match(script, new RegExp(`--start-at ${startAt.replaceAll('.', '\\.')}`), 'every shard starts at the one time');
  t.match(script, / -d 30/, 'extra run arguments passed on');
  t.match(container.env, [{ name: 'COUCHDB_URL', valueFrom: { secretKeyRef: { name: 'couch', key: 'url' } } }, { name: 'ETAG_BENCH_SCENARIO' }]);
  const { $schema: _schema, ...smoke } = JSON.parse(readFileSync(builtInScenarioFile('smoke'), 'utf8')) as Record<string, unknown>;
  t.same(JSON.parse((configMap as { data: Record<string, string> }).data['scenario.json']!), smoke, 'the scenario as the pods read it');
  t.match(configMap, { metadata: { name: 'smoke-load-scenario', namespace: 'bench' } });
});

t.test('the schema check is not vacuous: a Job kubernetes-models refuses is refused', async (t) => {
  const { out } = await cli(...base(), '--couchdb-url', 'http://couch:5984');
  const job = parseAllDocuments(out)[1]!.toJS() as { spec: Record<string, unknown> };
  t.throws(() => new Job({ ...job, spec: { ...job.spec, completionMode: 'Sharded' } } as never).validate(), /completionMode/);
});

t.test('bad values are refused before anything is written (exit 2)', async (t) => {
  const cases: [string[], RegExp][] = [
    [[...base(), '--couchdb-url', 'http://couch:5984', '-i', 'reference'], /--impl: "reference" is not url:<base URL>/],
    [base(), /--couchdb-url\/--couchdb-secret: "" is not given once/],
    [[...base(), '--couchdb-url', 'http://c:5984', '--couchdb-secret', 's:k'], /is not given once/],
    [[...base(new Date(Date.now() - 5000).toISOString()), '--couchdb-url', 'http://c:5984'], /--start-at: .* is not in the future/],
    [[...base(), '--couchdb-url', 'http://c:5984', '--shards', '999'], /--shards: 999 is not possible for smoke: 999 shards need at least 999 connections/],
    [[...base(), '--couchdb-url', 'http://c:5984', '--name', 'Bad_Name'], /--name: "Bad_Name" is not a DNS label/],
    [[...base(), '--couchdb-secret', 'no-key'], /--couchdb-secret: "no-key" is not <secret name>:<key>/],
  ];
  for (const [argv, message] of cases) {
    const { code, out, err } = await cli(...argv);
    t.equal(code, 2, argv.slice(-2).join(' '));
    t.match(err, message);
    t.equal(out, '', 'nothing written');
  }
});

t.test("the pods' script, run here for two shards against one target: logs collected, merged into one run", async (t) => {
  const dir = t.testdir();
  const { couchUrl, implUrl } = await startExternalTarget(t);
  const script = podScript({
    shards: 2,
    command: `${process.execPath} ${CLI}`,
    impl: `url:${implUrl}`,
    db: 'pages',
    startAt: Date.now() + 12_000,
    agents: 1,
    runArgs: [],
  });
  const pod = async (index: number): Promise<string> => {
    const env = { ...process.env, JOB_COMPLETION_INDEX: String(index), COUCHDB_URL: couchUrl, ETAG_BENCH_SCENARIO: shortSmoke(dir, 3) };
    // Each pod has its own /tmp: here, a directory of its own stands in for it.
    const child = spawn('sh', ['-c', script.replaceAll('/tmp/etag-bench-out', join(dir, `pod-${index}`))], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    t.equal(code, 0, `pod ${index} exits 0${code === 0 ? '' : `: ${log.slice(-400)}`}`);
    return log;
  };
  const logs = await Promise.all([pod(0), pod(1)]);
  // As `kubectl logs --prefix` shows them: each line after its pod's name.
  const prefixed = logs
    .map((log, i) =>
      log
        .split('\n')
        .map((line) => `[pod/smoke-load-${i}-x/shard] ${line}`)
        .join('\n'),
    )
    .join('\n');
  writeFileSync(join(dir, 'logs.txt'), prefixed);
  const collected = await runCli(['kubernetes', 'collect', join(dir, 'logs.txt'), '-o', join(dir, 'shards')]);
  t.equal(collected.code, 0, collected.stderr);
  const files = [join(dir, 'shards', 'shard-1-of-2.json'), join(dir, 'shards', 'shard-2-of-2.json')];
  t.match(collected.stdout, /merge them: etag-bench report --merge /);
  const merged = await runCli(['report', '--merge', ...files, '-o', join(dir, 'merged')]);
  t.equal(merged.code, 0, merged.stderr);
  const shards = files.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as ResultsFile).runs[0]!);
  const run = (JSON.parse(readFileSync(join(dir, 'merged', 'results.json'), 'utf8')) as ResultsFile).runs[0]!;
  t.equal(run.requests, shards[0]!.requests + shards[1]!.requests, 'every request counted once');
  t.equal(run.stale['304'] + run.stale['200'], 0, 'the reference exact');
  const truncated = await runCli(['kubernetes', 'collect', '-', '-o', join(dir, 'none')]);
  t.equal(truncated.code, 2, 'logs without a frame: refused');
});
