// The harness's ceiling as `run` measures it: autocannon alone against the trivial 200 server `run` uses, then
// the readers' hooks (page choice, virtual clients, If-None-Match, body scan, exchange record) on the default
// driver (undici) and on autocannon's hook path (--driver autocannon), same run.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PACKAGE_ROOT } from '../harness/package-info.js';
import { loadScenario } from '../harness/scenario/load-scenario.js';
import { AutocannonClosedLoop } from '../harness/workload/autocannon-driver.js';
import type { LoadDriver } from '../harness/workload/load-driver.js';
import { UndiciClosedLoop } from '../harness/workload/undici-closed-loop.js';
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
  const hooked = async (driver: LoadDriver): Promise<number> => {
    const scenario = loadScenario('smoke');
    const random = seededRandom(1);
    const readers = new Readers([url], CONNECTIONS, DURATION_S, pageChooser(scenario, random), new VirtualClients(64), random, () => performance.now());
    const start = performance.now();
    await driver.run(readers, new AbortController().signal);
    return readers.exchanges.length / ((performance.now() - start) / 1000);
  };
  const undici = await hooked(new UndiciClosedLoop());
  const autocannonHooks = await hooked(new AutocannonClosedLoop());
  const alone = plain.requests.average;
  console.log(`harness hook path, trivial 200 server, c=${CONNECTIONS} ${DURATION_S}s (req/s)`);
  console.log(`  autocannon alone                       ${alone.toFixed(0).padStart(7)}`);
  console.log(`  readers' hooks on undici (the default) ${undici.toFixed(0).padStart(7)}   ×${(undici / alone).toFixed(2)}`);
  console.log(`  readers' hooks on autocannon           ${autocannonHooks.toFixed(0).padStart(7)}   ×${(autocannonHooks / alone).toFixed(2)}`);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
