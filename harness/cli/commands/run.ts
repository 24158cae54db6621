// `etag-bench run`: scenarios × implementations on an environment; writes results.json and report.html.

import { Command, Option } from 'commander';
import { nonConformingStacks } from '../../../reports/html/conformance-stacks.js';
import { requirePageScript } from '../../../reports/html/page-script-bundle.js';
import type { EnvironmentKind } from '../../contract/environment.js';
import { chooseEnvironment } from '../../environment/start-environment.js';
import { ImplementationCrashedError, ImplementationStartError, InterruptedError, InvalidOptionError, ThresholdsFailedError } from '../../errors.js';
import { interruptOnSignals } from '../../lifecycle.js';
import type { ResultsFile } from '../../results/types.js';
import { ProgressLog } from '../../run/progress.js';
import { runMatrix } from '../../run/run-matrix.js';
import { planRun } from '../../run/run-plan.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { CLOSED_LOOP_DRIVERS, type ClosedLoopDriverName } from '../../workload/closed-loop-selection.js';
import {
  parseAgents,
  parseShard,
  parseStartAt,
  parseChoice,
  parseDbName,
  parseHttpUrl,
  parseImplEnv,
  parsePositiveCount,
  parsePositiveNumber,
} from '../options.js';
import { progressListener, reportListener, summaryListener } from '../run-listeners.js';

interface RunFlags {
  scenario: string[];
  impl: string[];
  implEnv?: Record<string, string>;
  env: 'auto' | EnvironmentKind;
  couchdbImage?: string;
  couchdbUrl?: string;
  db?: string;
  duration?: number;
  rate?: number;
  out: string;
  grace: number;
  instances?: number;
  conformance: boolean;
  failOnConformance: boolean;
  proxy?: string[];
  purgeBy?: 'implementation' | 'invalidator';
  proxyTtl?: number;
  couchdbNodes?: number;
  driver: ClosedLoopDriverName;
  agents: number | 'auto';
  shard?: { index: number; count: number };
  startAt?: number;
  writers: boolean;
  json: boolean;
  quiet: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function runCommand(): Command {
  return new Command('run')
    .description('run scenarios × implementations; write results.json and report.html')
    .option('-s, --scenario <name|file>', 'scenario: a built-in name or a .json file (repeatable; default smoke)', collect)
    .option(
      '-i, --impl <spec>',
      'implementation: a built-in, cmd:<shell command>, url:<base URL> or image:<image> (--env containers) (repeatable, or a comma list; default reference,seed)',
      collect,
    )
    .option('--impl-env <NAME=value>', 'extra environment for every implementation the run starts (repeatable)', parseImplEnv)
    .addOption(
      new Option(
        '-e, --env <kind>',
        'where CouchDB and the implementations run: auto (containers when a container runtime answers, else embedded), embedded, containers, external',
      )
        .argParser(parseChoice(['auto', 'embedded', 'containers', 'external']))
        .env('ETAG_BENCH_ENV')
        .default('auto'),
    )
    .option(
      '--couchdb-image <image>',
      "--env containers: CouchDB's image (default ETAG_BENCH_IMAGE_COUCHDB, else couchdb:3; etag-bench: the project's compatible server)",
    )
    .option('--couchdb-url <url>', 'CouchDB base URL for --env external (credentials in the URL)', parseHttpUrl)
    .option('--db <name>', 'with --env external: use this database and never delete it (default: a new one per run, deleted after)', parseDbName)
    .option('-d, --duration <seconds>', 'measured seconds per run (overrides the scenario)', parsePositiveNumber)
    .option(
      '--rate <rps>',
      "send reads open loop at this many requests per second, latency from each intended send time (overrides the scenario's load)",
      parsePositiveNumber,
    )
    .option('-o, --out <dir>', 'where results.json and report.html go', './etag-bench-report')
    .option('--grace <ms>', 'time a write straight to CouchDB may take to reach the app before an older version counts as stale', parsePositiveNumber, 1000)
    .option(
      '--instances <n>',
      'processes of each implementation against the one CouchDB; requests are spread over them (overrides the scenario)',
      parsePositiveCount,
    )
    .option(
      '-p, --proxy <name[:mode][@config]>',
      'caching proxy in front: none, varnish[:revalidate|ttl|purge], nginx[:ttl|purge] (default modes: varnish revalidate, nginx purge; @file: your own config; repeatable or a comma list: a run per proxy; overrides the scenario)',
      collect,
    )
    .addOption(
      new Option('--purge-by <who>', 'in purge mode, who purges the proxy: implementation (PURGE_URL) or invalidator (a process following _changes)').argParser(
        parseChoice(['implementation', 'invalidator']),
      ),
    )
    .option('--proxy-ttl <seconds>', "TTL of the proxy's ttl mode (default 1; overrides the scenario)", parsePositiveNumber)
    .option(
      '--couchdb-nodes <n>',
      'CouchDB nodes: a cluster of Apache CouchDB containers joined through /_cluster_setup (--env containers; overrides the scenario)',
      parsePositiveCount,
    )
    .addOption(
      new Option('--driver <name>', 'closed-loop load generator: undici, or autocannon (slower per request; a second client to cross-check)')
        .argParser(parseChoice(CLOSED_LOOP_DRIVERS))
        .default('undici'),
    )
    .option(
      '--agents <n|auto>',
      "load agents sending the readers' load, each its own event loop (worker thread) with its share of connections, clients and rate; auto: the machine's cores",
      parseAgents,
      1,
    )
    .option(
      '--shard <i/n>',
      "send shard i of n of the scenario's read load (connections, clients, rate, page draws partitioned by the seed); writers run on shard 1 only; merge the shards' results with report --merge",
      parseShard,
    )
    .option('--start-at <time>', 'start the load at this time (ISO 8601 with its zone, or epoch ms): the shards of one run start together', parseStartAt)
    .option('--no-writers', 'no writers on this machine (an outside writer writes; the oracle learns the writes from the feed)')
    .option('--no-conformance', 'skip the conformance cases (by default each implementation also runs them, for the report)')
    .option('--fail-on-conformance', 'exit 1 when a stack fails a required conformance case (for CI; by default they are reported only)', false)
    .option('--json', 'print results.json on stdout (the summary goes to stderr)', false)
    .option('--quiet', 'no progress lines', false)
    .action((flags: RunFlags) => run(flags));
}

async function run(flags: RunFlags): Promise<void> {
  // Before anything is measured: a report that cannot be written would lose the run.
  requirePageScript();
  if (flags.failOnConformance && !flags.conformance) {
    throw new InvalidOptionError('--fail-on-conformance', true, 'usable with --no-conformance (it fails on the cases that option skips)');
  }
  const plan = await planRun(
    {
      scenarios: (flags.scenario ?? ['smoke']).map(loadScenario),
      ...(flags.impl === undefined ? {} : { impls: flags.impl }),
      env: flags.env,
      ...(flags.couchdbImage === undefined ? {} : { couchdbImage: flags.couchdbImage }),
      ...(flags.couchdbUrl === undefined ? {} : { couchdbUrl: flags.couchdbUrl }),
      ...(flags.db === undefined ? {} : { db: flags.db }),
      overrides: {
        durationS: flags.duration,
        ratePerSecond: flags.rate,
        instances: flags.instances,
        ...(flags.proxy === undefined ? {} : { proxy: flags.proxy.join(',') }),
        purgeBy: flags.purgeBy,
        proxyTtlS: flags.proxyTtl,
        couchdbNodes: flags.couchdbNodes,
      },
      graceMs: flags.grace,
      driver: flags.driver,
      agents: flags.agents,
      ...(flags.shard === undefined ? {} : { shard: flags.shard }),
      ...(flags.startAt === undefined ? {} : { startAt: flags.startAt }),
      writers: flags.writers,
      conformance: flags.conformance,
      out: flags.out,
      ...(flags.implEnv === undefined ? {} : { implEnv: flags.implEnv }),
    },
    () => chooseEnvironment(flags.couchdbUrl),
  );
  const log = new ProgressLog(process.stderr, flags.quiet);
  const interrupt = interruptOnSignals(() => log.note('\ninterrupted: stopping the load, writing what was measured (Ctrl-C again to quit at once)'));
  const report = reportListener(plan.out);
  const note = (text: string): void => log.note(text);
  try {
    await runMatrix(plan, [progressListener(log), summaryListener(flags.json, note), report.listener], interrupt.signal);
  } finally {
    interrupt.dispose();
  }
  const results = report.written();
  if (interrupt.signal.aborted) throw new InterruptedError('interrupted: the results are partial', interrupt.received());
  if (results !== undefined) throwForFailures(results, flags.failOnConformance);
}

/** Exit codes, most telling first: an implementation that did not start (2), one that crashed (1), thresholds (1). */
function throwForFailures(results: ResultsFile, failOnConformance: boolean): void {
  const { runs } = results;
  const named = (failureKind: 'start' | 'crash'): string[] =>
    runs.filter((r) => r.failureKind === failureKind).map((r) => `${r.scenario} × ${r.impl}: ${oneLine(r.failure)}`);
  const notStarted = named('start');
  if (notStarted.length > 0) throw new ImplementationStartError(notStarted);
  const crashed = named('crash');
  if (crashed.length > 0) throw new ImplementationCrashedError(crashed);
  const failed = runs.flatMap((r) => r.thresholds.filter((th) => !th.ok).map((th) => `${r.scenario} × ${r.impl}: ${th.name} (${th.value ?? 'no value'})`));
  // Thresholds and required conformance cases together: a CI job sees every reason at once.
  const nonConforming = failOnConformance ? nonConformingStacks(results) : [];
  if (failed.length + nonConforming.length > 0) throw new ThresholdsFailedError(failed, nonConforming);
}

/** The message's first line, then its output's last lines (a log tail) after it, kept on one line. */
const oneLine = (text: string | undefined): string => {
  const [first, ...tail] = (text ?? '').trim().split('\n');
  return [first, tail.map((line) => line.trim()).join(' | ')].filter((part) => part !== '').join(' ');
};
