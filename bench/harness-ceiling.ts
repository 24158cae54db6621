// The cost of the harness's hook path: autocannon alone against a trivial server, then the same with
// the readers' hooks (page choice, virtual clients, If-None-Match, body scan, exchange record), same run.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PACKAGE_ROOT } from '../harness/package-info.js';
import { loadScenario } from '../harness/scenario/load-scenario.js';
import { AutocannonClosedLoop } from '../harness/workload/autocannon-driver.js';
import { pageChooser } from '../harness/workload/page-chooser.js';
import { seededRandom } from '../harness/workload/random.js';
import { Readers } from '../harness/workload/readers.js';
import { VirtualClients } from '../harness/workload/virtual-clients.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = 10;

const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'harness', 'workload', 'ceiling-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { url } = JSON.parse(line.toString().split('\n')[0]!) as { url: string };
  const plain = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  const scenario = loadScenario('smoke');
  const random = seededRandom(1);
  const readers = new Readers([url], CONNECTIONS, DURATION_S, pageChooser(scenario, random), new VirtualClients(64), random, () => performance.now());
  const start = performance.now();
  await new AutocannonClosedLoop().run(readers, new AbortController().signal);
  const hooked = readers.exchanges.length / ((performance.now() - start) / 1000);
  console.log(`harness hook path, trivial server, c=${CONNECTIONS} ${DURATION_S}s (req/s)`);
  console.log(`  autocannon alone        ${plain.requests.average.toFixed(0).padStart(7)}`);
  console.log(`  with the readers' hooks ${hooked.toFixed(0).padStart(7)}   ×${(hooked / plain.requests.average).toFixed(2)}`);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
