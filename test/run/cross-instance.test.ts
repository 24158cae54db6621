// The cross-instance probes ask another instance than the one that took the write, each of the others in turn; the
// figure is there with several instances the harness told apart, and behind a proxy it says why it is not.
import t from 'tap';
import { crossInstanceFigures, crossInstanceProbes } from '../../harness/run/cross-instance.js';
import type { RunCell } from '../../harness/run/run-plan.js';
import { LagProbes } from '../../harness/workload/lag-probes.js';

const urls = ['http://a', 'http://b', 'http://c'];
const probeOptions = { deadlineMs: 100, intervalMs: 10 };
const clock = () => performance.now();
const cell = (instances: number, proxy?: string) =>
  ({ scenario: { instances }, ...(proxy === undefined ? {} : { proxy: { spec: { spec: proxy } } }) }) as unknown as RunCell;

t.test('after a write through one instance, the others in turn, never itself', async (t) => {
  const cross = crossInstanceProbes(urls, probeOptions, clock, new AbortController().signal)!;
  t.same(
    [0, 0, 0, 0].map((i) => cross.urlAfter(i)),
    ['http://b', 'http://c', 'http://b', 'http://c'],
    'after instance 0',
  );
  t.same(
    [2, 2].map((i) => cross.urlAfter(i)),
    ['http://a', 'http://b'],
    'after instance 2',
  );
  t.equal(crossInstanceProbes(['http://proxy'], probeOptions, clock, new AbortController().signal), undefined, 'one URL: none');
});

t.test('the figure, or why there is none', async (t) => {
  const probes = new LagProbes(() => urls[0]!, probeOptions, clock, new AbortController().signal);
  probes.samples.push(3, 5, 40);
  const figures = crossInstanceFigures(cell(3), probes);
  t.match(figures.crossInstanceLagMs, { samples: 3, timeouts: 0 });
  t.ok(Math.abs((figures.crossInstanceLagMs?.max ?? 0) - 40) < 0.1, `max: the 40 ms sample (${figures.crossInstanceLagMs?.max})`);
  t.type(figures.crossInstanceLagHistogram, 'string');
  t.same(crossInstanceFigures(cell(1), undefined), {}, 'one instance: nothing to say');
  const behind = crossInstanceFigures(cell(3, 'varnish:purge'), undefined);
  t.equal(behind.crossInstanceLagMs, undefined);
  t.match(behind.crossInstanceLagUnavailable, /^behind varnish:purge the harness cannot know which instance/);
});
