// ProxyFront.restart(): Debian's nginx and varnishd stopped and started again on the same port, in front of a
// tiny origin that counts what it is asked. The cache must start empty, and no proxy process may be left.

import { execFileSync } from 'node:child_process';
import t from 'tap';
import { ProxyFront } from '../../harness/proxies/proxy-front.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { eventually, request } from '../helpers/stack.js';
import { alive } from '../helpers/processes.js';
import { countingOrigin } from '../helpers/counting-origin.js';

/** Every process below this one but `ps` itself: only the proxies are started here. */
function descendants(): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , comm]) => comm !== 'ps')
    .map(([pid, ppid]) => [Number(pid), Number(ppid)] as const);
  const found: number[] = [];
  const parents = [process.pid];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const [pid, ppid] of rows) {
      if (ppid === parent) {
        found.push(pid);
        parents.push(pid);
      }
    }
  }
  return found;
}

for (const spec of ['nginx:purge', 'varnish:revalidate']) {
  t.test(`${spec}: restarted on the same URL with an empty cache`, async (t) => {
    const { origin, full, conditional } = await countingOrigin(t);
    const front = await ProxyFront.prepare({ spec: parseProxySpec(spec)!, purgeBy: 'implementation', ttlS: 1 });
    await front.start([origin], { couchdbUrl: 'http://127.0.0.1:1', db: 'unused' });
    t.teardown(() => front.stop());
    const url = front.url;

    t.equal((await request(`${url}/doc/a`)).status, 200);
    t.equal((await request(`${url}/doc/a`)).status, 200);
    t.equal(full('/doc/a'), 1, 'cached before the restart: fetched in full once');
    if (spec.startsWith('varnish')) t.equal(conditional('/doc/a'), 1, 'then revalidated from the copy');
    const before = descendants();
    t.ok(before.length > 0, `the proxy runs (${before.join(', ')})`);
    const countsBefore = await front.originCounts();

    await front.restart!();
    t.equal(front.url, url, 'the same URL');
    const after = descendants();
    t.same(
      after.filter((pid) => before.includes(pid)),
      [],
      'new processes: the old ones are gone',
    );
    t.ok(
      before.every((pid) => !alive(pid)),
      'no process of the old proxy is left',
    );

    const page = await request(`${url}/doc/a`);
    t.equal(page.status, 200, 'answers after the restart');
    t.equal(full('/doc/a'), 2, 'the page cached before is fetched in full again: the cache started empty');
    const countsAfter = await front.originCounts();
    t.ok(countsAfter.requests > countsBefore.requests, 'the origin counter kept counting across the restart');

    await front.stop();
    t.ok(await eventually(async () => after.every((pid) => !alive(pid)), 5000), 'stop() leaves no proxy process');
    t.same(descendants(), [], 'nothing below the test either');
  });
}
