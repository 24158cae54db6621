// A group page listing a document at the revision that took it out of the group was never right: not before that
// write, not after it. The judge calls it an error even while the write is in flight, so an implementation that
// reads its members in two steps (torn-group-pages) is caught on its 200s, whether or not a 304 follows; the
// reference, which drops such rows, serves none.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { OUTSIDE_THE_GROUP } from '../../harness/oracle/group-version.js';
import type { ResultsFile } from '../../harness/results/types.js';
import { fixtureSpec } from '../conformance/fixtures/conformance-fixture.js';
import { runCli } from '../helpers/processes.js';
import { scenarioFile } from '../helpers/scenario-file.js';

const TORN = fixtureSpec('torn-group-pages');

t.test('groups: torn group pages are errors for the implementation that serves them, none for the reference', async (t) => {
  // groups, shorter, with more moves per page: 40 documents in 4 groups, every update a move.
  const scenario = scenarioFile(t.testdir(), 'groups', {
    name: 'groups-torn',
    durationS: 3,
    documents: { count: 40, groups: 4 },
    writers: { ratePerSecond: 40, throughAppShare: 0.5, moveShare: 1 },
  });
  const out = mkdtempSync(join(tmpdir(), 'eb-torn-'));
  const { code, stderr } = await runCli(['run', '-e', 'embedded', '-s', scenario, '-i', `reference,${TORN}`, '-o', out, '--quiet', '--no-conformance']);
  t.equal(code, 1, `the torn pages fail the thresholds: ${stderr.slice(-300)}`);
  const { runs } = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  const [reference, torn] = runs;
  t.equal(reference!.errors, 0, `reference: no errors (${JSON.stringify(reference!.errorReasons)})`);
  t.same(reference!.stale, { '304': 0, '200': 0 }, 'reference: nothing stale');
  t.ok((torn!.errorReasons[OUTSIDE_THE_GROUP] ?? 0) > 0, `torn-group-pages: torn reads counted (${JSON.stringify(torn!.errorReasons)})`);
  t.ok(
    torn!.thresholds.some((th) => th.name === 'errors == 0' && !th.ok),
    'its errors threshold failed',
  );
});
