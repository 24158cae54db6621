// etag-bench's closed loop against wrk, same target (the bare 304 server, a trivial response), same
// connections, same run, rounds taken in turn: wrk (one thread: the driver has one event loop), autocannon
// alone, and the harness's driver with the readers' hooks as `run` uses it (harness/workload/
// autocannon-driver.ts). Without Debian's wrk the wrk line is skipped and says how to install it.
// BENCH_CPU_PROF=<dir> writes profiles of this process during its own rounds (autocannon-alone and
// harness-driver.cpuprofile).

import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { loadScenario } from '../harness/scenario/load-scenario.js';
import { AutocannonClosedLoop } from '../harness/workload/autocannon-driver.js';
import { pageChooser } from '../harness/workload/page-chooser.js';
import { seededRandom } from '../harness/workload/random.js';
import { Readers } from '../harness/workload/readers.js';
import { VirtualClients } from '../harness/workload/virtual-clients.js';
import { startChild } from './child-process.js';
import { compare, CONNECTIONS, medianRatio, ROUND_S, ROUNDS, type Target } from './closed-load.js';
import { goal, row, whole } from './figures.js';
import { profiled } from './in-process-profile.js';

const GOAL = 0.05;
const profileDir = process.env.BENCH_CPU_PROF;

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

function wrk(url: string): Target {
  return {
    name: 'wrk -t1',
    async run(durationS) {
      const out = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${durationS}s`, url], { encoding: 'utf8' });
      const requests = /(\d+) requests in ([\d.]+)(m?s)/.exec(out.stdout);
      if (requests === null) throw new Error(`wrk printed no request count: ${out.stdout}${out.stderr}`);
      return { requests: Number(requests[1]), durationS: Number(requests[2]) / (requests[3] === 'ms' ? 1000 : 1) };
    },
  };
}

function autocannonAlone(url: string): Target {
  return {
    name: 'autocannon alone',
    run: (durationS) =>
      profiled(profileDir, 'autocannon-alone', async () => {
        const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS });
        return { requests: result.requests.total, durationS: result.duration };
      }),
  };
}

function harnessDriver(url: string): Target {
  return {
    name: 'etag-bench driver+hooks',
    run: (durationS) =>
      profiled(profileDir, 'harness-driver', async () => {
        const scenario = loadScenario('smoke');
        const random = seededRandom(1);
        const readers = new Readers([url], CONNECTIONS, durationS, pageChooser(scenario, random), new VirtualClients(64), random, () => performance.now());
        const start = performance.now();
        await new AutocannonClosedLoop().run(readers, new AbortController().signal);
        return { requests: readers.exchanges.length, durationS: (performance.now() - start) / 1000 };
      }),
  };
}

const server = await startChild<{ url: string }>('./bare-304-server.js');
try {
  const { url } = server.ready;
  const withWrk = hasWrk();
  const results = await compare([...(withWrk ? [wrk(url)] : []), autocannonAlone(url), harnessDriver(url)]);
  const [wrkRun, alone, hooked] = withWrk ? results : [undefined, ...results];
  console.log(`closed loop against the bare 304 server, c=${CONNECTIONS}, ${ROUNDS} rounds of ${ROUND_S}s each, taken in turn (req/s)`);
  if (wrkRun === undefined) console.log('  wrk not installed: apt-get install wrk');
  else console.log(row(wrkRun.name, [whole(wrkRun.rps)]));
  const versus = (c: typeof alone): string[] => (wrkRun ? [`×${medianRatio(c!, wrkRun).toFixed(2)} wrk`] : []);
  console.log(row(alone!.name, [whole(alone!.rps), ...versus(alone)]));
  console.log(row(hooked!.name, [whole(hooked!.rps), ...versus(hooked), `×${medianRatio(hooked!, alone!).toFixed(2)} alone`]));
  if (wrkRun !== undefined) {
    const gap = 1 - medianRatio(hooked!, wrkRun);
    console.log(`  etag-bench ${(gap * 100).toFixed(1)} % below wrk (median of the rounds); ${goal(`within ${GOAL * 100} %`, gap <= GOAL)}`);
  }
  console.log(JSON.stringify({ bench: 'harness-vs-wrk', wrk: wrkRun ?? null, autocannon: alone, harness: hooked }));
} finally {
  await server.stop();
}
