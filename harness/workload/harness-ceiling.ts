// The harness's own ceiling: requests per second its hook path reaches against a trivial server (a
// separate process), with the run's connection count. A figure near an implementation's throughput means
// the harness, not the implementation, was the limit.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import type { Scenario } from '../scenario/scenario.js';
import type { LoadDriver } from './load-driver.js';
import { pageChooser } from './page-chooser.js';
import { seededRandom } from './random.js';
import { Readers } from './readers.js';
import { VirtualClients } from './virtual-clients.js';

export async function measureHarnessCeiling(driver: LoadDriver, scenario: Scenario, durationS: number, signal: AbortSignal): Promise<number> {
  // The compiled script, whether this module runs from dist/ or from source under the test runner.
  const script = join(PACKAGE_ROOT, 'dist', 'harness', 'workload', 'ceiling-server.js');
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const { url } = JSON.parse(line.toString().split('\n')[0]!) as { url: string };
    const random = seededRandom(scenario.seed);
    const start = performance.now();
    const readers = new Readers([url], scenario.readers.connections, durationS, pageChooser(scenario, random), new VirtualClients(scenario.readers.clients), random, () => performance.now());
    await driver.run(readers, signal);
    const elapsedS = (performance.now() - start) / 1000;
    return Math.round(readers.exchanges.length / elapsedS);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}
