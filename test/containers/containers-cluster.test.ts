// The built-in `cluster` scenario under --env containers: three Apache CouchDB nodes joined through
// /_cluster_setup, three instances each on its own node behind Varnish, writes straight to the nodes in turn,
// node 2 stopped for 4 s and node 1 paused for 2 s: the cluster forms, every node fault happens and is survived,
// the seed, which never follows the feed, is caught, and the reference serves nothing stale. The last one needs
// the reference to distrust what it registered before a feed outage: a follower back on a node that was away goes
// live on a catch-up lacking the writes made elsewhere meanwhile (docs/benchmarks.md, "Cluster").

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';

t.test('cluster: 3 nodes, a node stopped and one paused, survived; the seed caught, the reference exact', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-cluster-'));
  const out = join(dir, 'out');
  const run = spawnCli(t, ['run', '--env', 'containers', '-s', 'cluster', '-i', 'reference,seed', '--no-conformance', '-o', out]);
  const code = await run.exited;
  const stderr = run.stderr();
  t.equal(code, 1, `exit 1: the seed's thresholds (stderr ends: ${stderr.slice(-800)})`);
  t.match(stderr, /containers: CouchDB .* \(a cluster of 3 nodes\) from \S+, ready in \d+ ms/, 'a cluster of 3 started');
  t.match(stderr, /cluster × seed: stale304 == 0/, "the seed's stale responses are named");
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left (the three nodes included)');

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  t.equal(results.environment.couchdb.nodes, 3, 'results.json says CouchDB was a cluster of 3');
  const reference = results.runs.find((r) => r.impl === 'reference')!;
  const seed = results.runs.find((r) => r.impl === 'seed')!;
  for (const r of [reference, seed]) {
    const labels = (r.events ?? []).map((e) => e.label);
    t.comment(`${r.impl}: ${r.requests} requests, ${r.errors} errors; ${labels.join(' | ')}`);
    t.equal(r.failure, undefined, `${r.impl} ran`);
    for (const label of ['CouchDB node 2 stopped for 4 s', 'CouchDB node 2 started again', 'CouchDB node 1 paused for 2 s', 'CouchDB node 1 resumed']) {
      t.ok(labels.includes(label), `${r.impl}: ${label}`);
    }
    t.notOk(
      (r.events ?? []).some((e) => e.kind === 'fault-error' || e.kind === 'fault-skipped'),
      `${r.impl}: no fault failed or was skipped`,
    );
    t.ok(r.writes.couch > 0, `${r.impl}: writes reached the nodes (${r.writes.couch})`);
  }
  t.comment(`reference on the cluster: stale ${JSON.stringify(reference.stale)}, lag ${JSON.stringify(reference.invalidationLagMs)}`);
  const examples = (reference.staleExamples ?? []).map(
    (e) => `${e.status} ${e.page} at ${e.atMs} ms, ${e.staleForMs} ms stale: ${e.docId} ${e.shownRev ?? 'left out'}, due ${e.dueRev}`,
  );
  t.equal(
    reference.stale['304'] + reference.stale['200'],
    0,
    `reference: nothing stale through the node faults${examples.length ? `; first: ${examples.join('; ')}` : ''}`,
  );
  t.ok(reference.requests > 200, `reference: enough responses to judge (${reference.requests})`);
  t.ok(reference.invalidationLagMs.samples > 0, 'reference: writes to the nodes reached its instances through their feeds');
  t.ok(seed.stale['304'] + seed.stale['200'] > 0, `seed: stale responses (${JSON.stringify(seed.stale)})`);
});
