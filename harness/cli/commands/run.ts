// `etag-bench run`: scenarios × implementations on an environment; writes results.json and report.html.

import { Command, Option } from 'commander';
import { arch, cpus, platform, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ceilingWarnings } from '../../../reports/ceiling-warning.js';
import { renderSummaryTable } from '../../../reports/summary-table.js';
import { writeReport } from '../../../reports/write-report.js';
import { startEmbeddedEnvironment } from '../../environment/embedded-environment.js';
import type { Environment } from '../../environment/environment.js';
import { connectExternalEnvironment } from '../../environment/external-environment.js';
import { ImplementationCrashedError, ImplementationStartError, InterruptedError, InvalidOptionError, ThresholdsFailedError } from '../../errors.js';
import { parseImplSpec, splitImplList, type ImplSpec } from '../../implementations/impl-spec.js';
import { needsOf, startSupport, type Support } from '../../implementations/implementation-support.js';
import { autoEnvironment, type EnvironmentKind } from '../../containers/auto-environment.js';
import { PACKAGE_NAME, VERSION } from '../../package-info.js';
import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_VERSION, type ConformanceResult, type ResultsFile, type RunResult } from '../../results/types.js';
import { CASES } from '../../conformance/cases/index.js';
import { runConformance } from '../../conformance/engine/run-conformance.js';
import type { ProxySetup } from '../../proxies/proxy-front.js';
import { proxyVersionsOf, resolveProxies } from '../../proxies/resolve-proxy.js';
import { ProgressLog } from '../../run/progress.js';
import { runScenario } from '../../run/run-scenario.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { withRate, type Scenario } from '../../scenario/scenario.js';
import { evaluateThresholds } from '../../thresholds/evaluate-thresholds.js';
import { CLOSED_LOOP_DRIVERS, closedLoopDriver, closedLoopDriverLabel, type ClosedLoopDriverName } from '../../workload/closed-loop-selection.js';
import type { LoadDriver } from '../../workload/load-driver.js';
import { measureHarnessCeiling } from '../../workload/harness-ceiling.js';
import { interruptOnSignals, Resources } from '../lifecycle.js';
import { parseChoice, parseDbName, parseHttpUrl, parsePositiveCount, parsePositiveNumber } from '../options.js';

interface RunFlags {
  scenario: string[];
  impl: string[];
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
  proxy?: string;
  purgeBy?: 'implementation' | 'invalidator';
  proxyTtl?: number;
  driver: ClosedLoopDriverName;
  json: boolean;
  quiet: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function runCommand(): Command {
  return new Command('run')
    .description('run scenarios × implementations; write results.json and report.html')
    .option('-s, --scenario <name|file>', 'scenario: a built-in name or a .json file (repeatable; default smoke)', collect)
    .option('-i, --impl <spec>', 'implementation: a built-in, cmd:<shell command> or url:<base URL> (repeatable, or a comma list; default reference,seed)', collect)
    .addOption(
      new Option('-e, --env <kind>', 'where CouchDB and the implementations run: auto (containers when a container runtime answers, else embedded), embedded, containers, external')
        .argParser(parseChoice(['auto', 'embedded', 'containers', 'external']))
        .env('ETAG_BENCH_ENV')
        .default('auto'),
    )
    .option('--couchdb-image <image>', "--env containers: CouchDB's image (default ETAG_BENCH_IMAGE_COUCHDB, else couchdb:3; etag-bench: the project's compatible server)")
    .option('--couchdb-url <url>', 'CouchDB base URL for --env external (credentials in the URL)', parseHttpUrl)
    .option('--db <name>', 'with --env external: use this database and never delete it (default: a new one per run, deleted after)', parseDbName)
    .option('-d, --duration <seconds>', 'measured seconds per run (overrides the scenario)', parsePositiveNumber)
    .option('--rate <rps>', "send reads open loop at this many requests per second, latency from each intended send time (overrides the scenario's load)", parsePositiveNumber)
    .option('-o, --out <dir>', 'where results.json and report.html go', './etag-bench-report')
    .option('--grace <ms>', 'time a write straight to CouchDB may take to reach the app before an older version counts as stale', parsePositiveNumber, 1000)
    .option('--instances <n>', 'processes of each implementation against the one CouchDB; requests are spread over them (overrides the scenario)', parsePositiveCount)
    .option('-p, --proxy <name[:mode]>', 'caching proxy in front: none, varnish[:revalidate|ttl|purge], nginx[:ttl|purge] (default modes: varnish revalidate, nginx purge; overrides the scenario)')
    .addOption(new Option('--purge-by <who>', 'in purge mode, who purges the proxy: implementation (PURGE_URL) or invalidator (a process following _changes)').argParser(parseChoice(['implementation', 'invalidator'])))
    .option('--proxy-ttl <seconds>', "TTL of the proxy's ttl mode (default 1; overrides the scenario)", parsePositiveNumber)
    .addOption(
      new Option('--driver <name>', 'closed-loop load generator: undici, or autocannon (slower per request; a second client to cross-check)')
        .argParser(parseChoice(CLOSED_LOOP_DRIVERS))
        .default('undici'),
    )
    .option('--no-conformance', 'skip the conformance cases (by default each implementation also runs them, for the report)')
    .option('--json', 'print results.json on stdout (the summary goes to stderr)', false)
    .option('--quiet', 'no progress lines', false)
    .action((flags: RunFlags) => run(flags));
}

async function run(flags: RunFlags): Promise<void> {
  const scenarios = (flags.scenario ?? ['smoke']).map(loadScenario).map((s) => withRate(withDuration(s, flags.duration), flags.rate));
  const requested = flags.impl === undefined ? undefined : splitImplList(flags.impl).map(parseImplSpec);
  // A scenario may name the implementations it is meant for (multi-instance: reference); -i overrides.
  const implsOf = (scenario: Scenario): ImplSpec[] =>
    requested ?? (scenario.impls ?? ['reference', 'seed']).map(parseImplSpec);
  const impls = uniqueSpecs(scenarios.flatMap(implsOf));
  const choice = flags.env === 'auto' ? await autoEnvironment(flags.couchdbUrl) : undefined;
  const kind = choice?.kind ?? (flags.env as EnvironmentKind);
  if (kind === 'external' && flags.couchdbUrl === undefined) throw new InvalidOptionError('--env', 'external', 'usable without --couchdb-url');
  if (kind !== 'external' && (flags.couchdbUrl !== undefined || flags.db !== undefined)) {
    throw new InvalidOptionError('--couchdb-url/--db', flags.couchdbUrl ?? flags.db, `given with --env ${kind} (use --env external)`);
  }
  if (flags.couchdbImage !== undefined && kind !== 'containers') throw new InvalidOptionError('--couchdb-image', flags.couchdbImage, `usable with --env ${kind} (only with --env containers)`);
  // Before anything starts: a missing proxy binary is exit 2 with the install command.
  // Under --env containers, proxies in front of built-ins run from images: no local binary needed for them.
  const proxies = resolveProxies(scenarios, flags, { localBinaries: kind !== 'containers' || impls.some((impl) => impl.kind !== 'built-in') });
  const proxyVersions = proxyVersionsOf(proxies.values());
  const log = new ProgressLog(process.stderr, flags.quiet);
  const interrupt = interruptOnSignals(() =>
    log.note('\ninterrupted: stopping the load, writing what was measured (Ctrl-C again to quit at once)'),
  );
  const resources = new Resources();
  if (choice !== undefined) log.note(`environment: ${choice.kind} (--env auto: ${choice.why})`);
  try {
    // A scenario that restarts CouchDB needs it to keep its data: the embedded server then runs on disk.
    const persistent = scenarios.some((scenario) => scenario.faults.some((step) => step.kind === 'restart-couchdb'));
    const environment = await startEnvironment(kind, flags, log, persistent);
    resources.add('the environment', () => environment.stop());
    // An environment may start support itself (containers: memcached on its network), stopped with it.
    const support = environment.startSupport !== undefined ? await environment.startSupport(impls) : await startSupport(impls, resources, (text) => log.note(text));
    const driver = closedLoopDriver(flags.driver);
    const startedAt = new Date().toISOString();
    const ceiling = await measureHarnessCeiling(driver, scenarios[0]!, 1, interrupt.signal);
    const runs: RunResult[] = [];
    for (const scenario of scenarios) {
      for (const impl of implsOf(scenario)) {
        if (interrupt.signal.aborted) break;
        runs.push(await runOne(scenario, impl, environment, driver, interrupt.signal, flags, log, support, proxies.get(scenario), proxyVersions));
      }
    }
    const conformance = flags.conformance && !interrupt.signal.aborted ? await conformanceOf(impls, environment, support, interrupt.signal, log) : undefined;
    const results = resultsFile(environment, startedAt, ceiling, closedLoopDriverLabel(flags.driver), runs, conformance, proxyVersions);
    const { resultsPath, reportPath, summaryPath } = await writeReport(resolve(flags.out), results);
    const summary = renderSummaryTable(results);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      process.stderr.write(summary);
    } else {
      process.stdout.write(summary);
    }
    log.note(`harness ceiling: ${ceiling} req/s (its own hook path against a trivial server)`);
    for (const warning of ceilingWarnings(results)) process.stderr.write(`warning: ${warning}\n`);
    process.stderr.write(`results: ${resultsPath}\nreport:  ${reportPath}\nsummary: ${summaryPath}\n`);
    if (interrupt.signal.aborted) throw new InterruptedError('interrupted: the results are partial');
    const failed = runs.flatMap((r) => r.thresholds.filter((th) => !th.ok).map((th) => `${r.scenario} × ${r.impl}: ${th.name} (${th.value ?? 'no value'})`));
    // Exit codes, most telling first: an implementation that did not start (2), one that crashed (1), thresholds (1).
    const notStarted = runs.filter((r) => r.failureKind === 'start').map((r) => `${r.scenario} × ${r.impl}: ${firstLine(r.failure)}`);
    if (notStarted.length > 0) throw new ImplementationStartError(notStarted);
    const crashed = runs.filter((r) => r.failureKind === 'crash').map((r) => `${r.scenario} × ${r.impl}: ${firstLine(r.failure)}`);
    if (crashed.length > 0) throw new ImplementationCrashedError(crashed);
    if (failed.length > 0) throw new ThresholdsFailedError(failed);
  } finally {
    interrupt.dispose();
    await resources.stopAll();
  }
}

async function startEnvironment(kind: EnvironmentKind, flags: RunFlags, log: ProgressLog, persistent: boolean): Promise<Environment> {
  if (kind === 'containers') {
    // Loaded only here: testcontainers is not needed by any other command.
    const { startContainersEnvironment } = await import('../../containers/containers-environment.js');
    return startContainersEnvironment({ couchdbImage: flags.couchdbImage, note: (text) => log.note(text) });
  }
  return kind === 'external' ? connectExternalEnvironment(flags.couchdbUrl!, flags.db) : startEmbeddedEnvironment({ persistent });
}

async function runOne(
  scenario: Scenario,
  impl: ImplSpec,
  environment: Environment,
  driver: LoadDriver,
  signal: AbortSignal,
  flags: RunFlags,
  log: ProgressLog,
  support: Support,
  proxy: ProxySetup | undefined,
  proxyVersions: Record<string, string>,
): Promise<RunResult> {
  const label = `${scenario.name} × ${impl.spec}${proxy === undefined ? '' : ` behind ${proxy.spec.spec}`}`;
  log.starting(label);
  const result = await runScenario({
    scenario,
    impl,
    environment,
    driver,
    signal,
    graceMs: flags.grace,
    instances: flags.instances ?? scenario.instances,
    ...needsOf(impl, support),
    ...(proxy === undefined ? {} : { proxy }),
    onProxyVersion: (name, version) => (proxyVersions[name] = version),
    onProgress: (progress) => log.progress(label, progress),
  });
  const judged = { ...result, thresholds: evaluateThresholds(scenario.thresholds, result) };
  log.done(label, judged);
  return judged;
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0]!;

function uniqueSpecs(specs: readonly ImplSpec[]): ImplSpec[] {
  const bySpec = new Map<string, ImplSpec>();
  for (const spec of specs) if (!bySpec.has(spec.spec)) bySpec.set(spec.spec, spec);
  return [...bySpec.values()];
}

function withDuration(scenario: Scenario, durationS: number | undefined): Scenario {
  return durationS === undefined ? scenario : { ...scenario, durationS };
}

async function conformanceOf(
  impls: readonly ImplSpec[],
  environment: Environment,
  support: Support,
  signal: AbortSignal,
  log: ProgressLog,
): Promise<ConformanceResult[]> {
  log.note(`conformance: ${CASES.length} cases × ${impls.length} implementation(s)`);
  const report = await runConformance({ impls, environment, signal, needs: (impl) => needsOf(impl, support) });
  return report.map((entry) => ({
    impl: entry.impl,
    cases: entry.cases.map((c) => ({ id: c.id, title: c.title, kind: c.kind, ok: c.ok, ...(c.ok ? {} : { detail: `${c.result}: ${c.detail}` }) })),
  }));
}

function resultsFile(
  environment: Environment,
  startedAt: string,
  ceiling: number,
  loadGenerator: string,
  runs: RunResult[],
  conformance: ConformanceResult[] | undefined,
  proxyVersions: Record<string, string>,
): ResultsFile {
  const processors = cpus();
  return {
    schema: RESULTS_SCHEMA_ID,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: PACKAGE_NAME, version: VERSION },
    startedAt,
    environment: {
      kind: environment.kind,
      couchdb: environment.couchdb,
      proxyVersions,
      node: process.version,
      machine: {
        platform: platform(),
        arch: arch(),
        cpus: processors.length,
        cpuModel: processors[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      },
      harnessCeilingRps: ceiling,
      loadGenerator,
    },
    runs,
    ...(conformance === undefined ? {} : { conformance }),
  };
}
