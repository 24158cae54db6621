import t from 'tap';
import type { RunResult } from '../../../harness/results/types.js';
import { originFigures, originSavedShare } from '../../../reports/html/origin-figures.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

const base = (): RunResult => smokeResults().runs[0]!;
const behind = (proxy: string, requests: number, origin: RunResult['origin']): RunResult => ({
  ...base(),
  proxy,
  requests,
  ...(origin === undefined ? {} : { origin }),
});

t.test('saved share is what the proxy answered without the origin', async (t) => {
  const run = behind('varnish:revalidate', 5000, { requests: 1000, status: { 200: 100, 304: 900 } });
  t.equal(originSavedShare(run), 0.8);
  t.same(originFigures(run), { requests: '1000', notModified: '900', saved: '80.0%', summary: '1000 (80.0% saved)' });
});

t.test('an origin busier than the clients saves nothing, never a negative share', async (t) => {
  // Writes and probes reach the origin without being client responses, so this can happen.
  const run = behind('nginx:purge', 100, { requests: 150, status: { 200: 130, 201: 20 } });
  t.equal(originSavedShare(run), 0);
  t.same(originFigures(run), { requests: '150', notModified: '0', saved: '0.0%', summary: '150 (0.0% saved)' });
});

t.test('no proxy, no origin count, no client request, or a failed run: nothing to show', async (t) => {
  const none = { requests: '-', notModified: '-', saved: '-', summary: '-' };
  t.same(originFigures(base()), none, 'no proxy');
  t.equal(originSavedShare(base()), undefined);
  t.same(originFigures(behind('varnish:ttl', 5000, undefined)), none, 'a proxy, but the origin was not counted');
  const failed = { ...behind('varnish:ttl', 5000, { requests: 3, status: { 200: 3 } }), failure: 'exited with code 1' };
  t.same(originFigures(failed), none, 'failed run');
  t.same(
    originFigures(behind('nginx:ttl', 0, { requests: 4, status: { 201: 4 } })),
    { requests: '4', notModified: '0', saved: '-', summary: '4' },
    'no client response to compare with: the count alone',
  );
});
