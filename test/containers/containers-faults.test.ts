// The faults scenario, shortened, under --env containers on the CouchDB of containers (CI: Apache CouchDB 3.4.3):
// every fault really happens there — the CouchDB container paused, CouchDB restarted with its data, the feed
// stalled and cut by the fault proxy container in the implementation's path, the Varnish container restarted, the
// implementation's process killed and restarted in its container — and the reference serves nothing stale.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ResultsFile } from '../../harness/results/types.js';
import type { FaultStep } from '../../harness/scenario/scenario.js';
import { scenarioFile } from '../helpers/scenario-file.js';
import { containersOf, requireRuntime, spawnCli } from './fixtures/containers.js';

const KINDS = ['stall-feed', 'cut-feed', 'pause-couchdb', 'restart-couchdb', 'restart-implementation', 'restart-proxy'];

function shortFaults(dir: string): string {
  const faults: FaultStep[] = [
    { atS: 1, kind: 'stall-feed', forS: 1.2 },
    { atS: 2.8, kind: 'cut-feed' },
    { atS: 4, kind: 'pause-couchdb', forS: 1 },
    { atS: 5.6, kind: 'restart-couchdb' },
    { atS: 9, kind: 'restart-implementation' },
    { atS: 11, kind: 'restart-proxy' },
  ];
  return scenarioFile(dir, 'faults', { durationS: 16, warmupS: 1, documents: { count: 60, groups: 6 }, faults }, 'faults-containers');
}

t.test('every fault under containers, none skipped; the reference stays exact', async (t) => {
  const endpoint = await requireRuntime(t);
  const dir = mkdtempSync(join(tmpdir(), 'eb-containers-faults-'));
  const out = join(dir, 'out');
  const run = spawnCli(t, ['run', '--env', 'containers', '-s', shortFaults(dir), '-i', 'reference', '--no-conformance', '-o', out]);
  const code = await run.exited;
  t.equal(code, 0, `exit 0: every threshold met (stderr ends: ${run.stderr().slice(-800)})`);
  t.same(await containersOf(endpoint, run.child.pid!), [], 'no container left (fault proxy included)');

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  const reference = results.runs[0]!;
  t.comment(
    `on ${results.environment.couchdb.vendor} ${results.environment.couchdb.version}: ${JSON.stringify(reference.events?.map((e) => `${(e.atMs / 1000).toFixed(1)} s ${e.label}`))}`,
  );
  t.equal(reference.failure, undefined);
  t.equal(reference.partial, false, 'a whole window');
  const kinds = (reference.events ?? []).map((e) => e.kind);
  for (const kind of KINDS) t.ok(kinds.includes(kind), `${kind} happened`);
  for (const kind of ['stall-feed', 'pause-couchdb', 'restart-couchdb', 'restart-proxy', 'restart-implementation'])
    t.ok(kinds.includes(`${kind}-end`), `${kind} ended`);
  t.notOk(kinds.includes('fault-error') || kinds.includes('fault-skipped'), `no fault failed or was skipped: ${JSON.stringify(reference.events)}`);
  t.match(
    reference.events!.find((e) => e.kind === 'cut-feed')!.label,
    /changes feed cut \([1-9]\d* connections?\)/,
    "the reference's feed connection was really cut",
  );
  t.match(reference.events!.find((e) => e.kind === 'pause-couchdb')!.label, /container paused/);
  t.same(reference.stale, { '304': 0, '200': 0 }, 'nothing stale through every fault');
  t.ok(reference.requests > 300, `enough responses to judge (${reference.requests})`);
  t.ok(reference.invalidationLagMs.samples > 0, 'writes were seen through the faults');
});
