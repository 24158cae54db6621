// The load agents send the part of the load they are given (a shard's), not the scenario's whole load.

import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import { runAgents } from '../../harness/workload/agents/agent-pool.js';
import { loadShares, SHARD_STRIDE } from '../../harness/workload/agents/load-shares.js';

t.test("two agents on a shard's part open the part's connections only", async (t) => {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    res.writeHead(200, { etag: '"x"' }).end('1-abc');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const scenario = { ...loadScenario('smoke'), readers: { ...loadScenario('smoke').readers, connections: 8, clients: 40 } };
  const part = loadShares({ agents: 4, connections: 8, clients: 40, load: scenario.load, seed: scenario.seed, stride: SHARD_STRIDE })[1]!;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { exchanges } = await runAgents(
    { scenario, urls: [url], durationS: 0.5, agents: 2, driver: 'undici', clock: () => performance.now(), part },
    new AbortController().signal,
  ).done;
  t.ok(exchanges.length > 0, `it sent (${exchanges.length})`);
  t.equal(sockets.size, part.connections, `the part's ${part.connections} connections, not the scenario's 8`);
});
