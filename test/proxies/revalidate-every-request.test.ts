// varnish:revalidate promises that every request is asked of the origin: none answered from the copy alone, not
// even in the moment after a fetch stored it (a hit there can be a page a write made stale a millisecond ago).
// Requests come back to back on several connections at once, so that many arrive within a millisecond of a fetch.

import t from 'tap';
import { Pool } from 'undici';
import { ProxyFront } from '../../harness/proxies/proxy-front.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { countingOrigin } from '../helpers/counting-origin.js';

const LOOPS = 8;
const REQUESTS_PER_LOOP = 150;

t.test('varnish:revalidate: every client request reaches the origin (as a conditional fetch once cached)', async (t) => {
  const { origin, full, conditional } = await countingOrigin(t);
  const reached = (): number => full('/doc/a') + conditional('/doc/a');
  const front = await ProxyFront.prepare({ spec: parseProxySpec('varnish:revalidate')!, purgeBy: 'implementation', ttlS: 1 });
  await front.start([origin], { couchdbUrl: 'http://127.0.0.1:1', db: 'unused' });
  t.teardown(() => front.stop());

  const pool = new Pool(front.url, { connections: LOOPS });
  t.teardown(() => pool.close());
  let sent = 0;
  const loop = async (): Promise<void> => {
    for (let i = 0; i < REQUESTS_PER_LOOP; i++) {
      const response = await pool.request({ method: 'GET', path: '/doc/a' });
      await response.body.text();
      if (response.statusCode !== 200) t.fail(`status ${response.statusCode}`);
      sent++;
    }
  };
  const before = reached();
  await Promise.all(Array.from({ length: LOOPS }, loop));
  t.equal(sent, LOOPS * REQUESTS_PER_LOOP);
  t.equal(reached() - before, sent, `the origin was asked ${reached() - before} times for ${sent} client requests`);
});
