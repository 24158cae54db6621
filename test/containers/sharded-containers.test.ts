// The sharded path for real under a container runtime: shard containers from the project's image run the very
// script the Kubernetes Job's pods run (harness/kubernetes/sharded-job.ts), against one target on their network —
// Apache CouchDB and an implementation container — started together; their logs collected and merged. The merged
// run counts every request once and judges as a single-process run of the same load does: the reference exact,
// the seed caught.

import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { ApacheCouchDbContainer } from '../../harness/environment/containers/apache-couchdb-container.js';
import { containerImages } from '../../harness/environment/containers/container-images.js';
import { collectResults, type CollectedShard } from '../../harness/kubernetes/collect-results.js';
import { FRAME_END, podScript } from '../../harness/kubernetes/sharded-job.js';
import type { RunResult } from '../../harness/results/types.js';
import { mergeResults } from '../../reports/combine/merge-results.js';
import { shortSmoke } from '../helpers/scenario-file.js';
import { requireRuntime } from './fixtures/containers.js';
import { projectImage } from './fixtures/test-images.js';

t.setTimeout(600_000);

const ADMIN = { username: 'admin', password: 'pw' };
const SCENARIO_PATH = '/tmp/scenario.json';
/** Room for the shard containers to start and measure their ceiling before the common start. */
const START_IN_MS = 12_000;
/** How long the log may trail the container's exit. */
const LOG_WAIT_MS = 10_000;

async function tracked<T extends StartedTestContainer>(t: Test, start: Promise<T>): Promise<T> {
  const container = await start;
  t.teardown(() => container.stop().then(() => undefined));
  return container;
}

/** A container's output as its log stream gives it. Once the container has exited, its results frame is awaited
 *  in the text (the stream's own end is not always told here, podman behind the Docker API). */
function logCollector(): { consume: (stream: Readable) => void; framed: () => Promise<string> } {
  let text = '';
  return {
    consume: (stream) => void stream.on('data', (chunk: Buffer | string) => (text += chunk.toString())),
    framed: async () => {
      for (let waited = 0; !text.includes(FRAME_END) && waited < LOG_WAIT_MS; waited += 100) await sleep(100);
      return text;
    },
  };
}

interface Target {
  readonly network: StartedNetwork;
  readonly image: string;
  readonly couchdbUrl: string;
  readonly scenarioText: string;
}

/** `shards` containers running the pods' script for shard 1..n against `impl`, started together; their results. */
async function shardedRun(t: Test, target: Target, impl: string, db: string, shards: number): Promise<CollectedShard[]> {
  const script = podScript({ shards, command: 'node bin/etag-bench.js', impl, db, startAt: Date.now() + START_IN_MS, agents: 1, runArgs: [] });
  const logs = Array.from({ length: shards }, logCollector);
  await Promise.all(
    Array.from({ length: shards }, (_, index) =>
      tracked(
        t,
        new GenericContainer(target.image)
          .withLogConsumer(logs[index]!.consume)
          .withNetwork(target.network)
          .withEnvironment({ JOB_COMPLETION_INDEX: String(index), COUCHDB_URL: target.couchdbUrl, ETAG_BENCH_SCENARIO: SCENARIO_PATH })
          .withCopyContentToContainer([{ content: target.scenarioText, target: SCENARIO_PATH }])
          .withCommand(['sh', '-c', script])
          .withWaitStrategy(Wait.forOneShotStartup())
          .withStartupTimeout(180_000)
          .start(),
      ),
    ),
  );
  const collected = (await Promise.all(logs.map((log) => log.framed()))).flatMap((log, i) => collectResults(log, `shard container ${i + 1}`));
  t.equal(collected.length, shards, `${impl}: every shard printed its results`);
  return collected;
}

t.test('shard containers from the project image, merged: every request once, judged as one process judges', async (t) => {
  const endpoint = await requireRuntime(t);
  const image = await projectImage(endpoint);
  const network = await new Network().start();
  t.teardown(() => network.stop().then(() => undefined));
  const couch = await tracked(t, new ApacheCouchDbContainer(containerImages(process.env).couchdb, ADMIN).withNetwork(network).start());
  // Reached by address on the network: names need not resolve inside the containers.
  const couchdbUrl = `http://admin:pw@${couch.getIpAddress(network.getName())}:5984`;
  const host = `http://${couch.getHost()}:${couch.getMappedPort(5984)}`;
  for (const db of ['reference-pages', 'seed-pages']) t.equal((await fetch(`${host}/${db}`, { method: 'PUT', headers: authHeader() })).status, 201);
  const dir = t.testdir();
  const target: Target = { network, image, couchdbUrl, scenarioText: readFileSync(shortSmoke(dir, 3), 'utf8') };

  for (const name of ['reference', 'seed']) {
    const db = `${name}-pages`;
    const served = await tracked(
      t,
      new GenericContainer(image)
        .withNetwork(network)
        .withEnvironment({ HOST: '0.0.0.0', PORT: '8080', COUCHDB_URL: couchdbUrl, COUCHDB_DB: db, ETAG_BENCH_IMPL: name })
        .withExposedPorts(8080)
        .withWaitStrategy(Wait.forHttp('/health', 8080).forStatusCode(200))
        .start(),
    );
    const impl = `url:http://${served.getIpAddress(network.getName())}:8080`;
    const collected = await shardedRun(t, target, impl, db, 2);
    const shards = collected.map((c) => c.results.runs[0]!);
    t.same(shards.map((run) => run.shard?.index).sort(), [1, 2], `${name}: shards 1 and 2`);
    const merged = mergeResults(collected.map((c) => ({ source: c.name, results: c.results }))).results.runs[0]!;
    t.equal(merged.requests, shards[0]!.requests + shards[1]!.requests, `${name}: every request counted once (${merged.requests})`);
    const single = (await shardedRun(t, target, impl, db, 1))[0]!.results.runs[0];
    const stale = (run: RunResult) => run.stale['304'] + run.stale['200'];
    if (name === 'reference') {
      t.equal(stale(merged), 0, 'reference, sharded: exact');
      t.equal(stale(single!), 0, 'reference, one process: exact');
    } else {
      t.ok(stale(merged) > 0, `seed, sharded: caught (${JSON.stringify(merged.stale)})`);
      t.ok(stale(single!) > 0, `seed, one process: caught (${JSON.stringify(single!.stale)})`);
    }
  }
});

function authHeader(): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}` };
}
