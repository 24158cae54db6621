// `etag-bench conformance`: the conformance cases against each implementation, alone or behind each proxy asked
// for (the stack's verdict); TAP 14 on stdout (or JSON, JUnit). Exit 0 when every required case passes for every
// stack, 1 otherwise, 2 for bad usage.

import { Command, Option } from 'commander';
import { CASES } from '../../conformance/cases/index.js';
import { NonConformingError } from '../../conformance/conformance-error.js';
import { DEFAULT_DEADLINE_MS, runConformance } from '../../conformance/engine/run-conformance.js';
import { renderJson } from '../../conformance/reporters/json-reporter.js';
import { renderJunit } from '../../conformance/reporters/junit-reporter.js';
import { tapFooter, tapHeader, tapImplementation, tapStacksHeader } from '../../conformance/reporters/tap-reporter.js';
import { conformanceExitCode } from '../../conformance/results.js';
import type { EnvironmentKind } from '../../contract/environment.js';
import { withImplEnv } from '../../environment/impl-env.js';
import { checkEnvironmentRequest, chooseEnvironment, refuseImagesOutsideContainers, startEnvironment } from '../../environment/start-environment.js';
import { InterruptedError, InvalidOptionError } from '../../errors.js';
import { parseImplSpec, runsInContainer, splitImplList, type ImplSpec } from '../../contract/impl-spec.js';
import { splitProxyList, type ProxySpec, type PurgeBy } from '../../contract/proxy-spec.js';
import type { ProxyBinary, ProxySetup } from '../../contract/run-proxy.js';
import { resolveProxySetup } from '../../proxies/proxy-setup.js';
import { interruptOnSignals, Resources } from '../../lifecycle.js';
import { parseChoice, parseDbName, parseHttpUrl, parseImplEnv, parsePositiveNumber } from '../options.js';
import { conformanceResults } from '../../conformance/conformance-results.js';
import { resultsFile } from '../../run/results-file.js';
import { checkedOutDir } from '../../run/run-plan.js';
import { writeReport } from '../../../reports/html/write-report.js';

interface ConformanceFlags {
  impl?: string[];
  implEnv?: Record<string, string>;
  env: 'auto' | EnvironmentKind;
  couchdbImage?: string;
  couchdbUrl?: string;
  db?: string;
  deadline: number;
  reporter: 'tap' | 'json' | 'junit';
  proxy?: string[];
  purgeBy: PurgeBy;
  proxyTtl: number;
  out?: string;
}

/** Longer than the deadline: a proxy that keeps pages for a TTL is judged while its copy is fresh. */
const DEFAULT_PROXY_TTL_S = 30;

/** The formats written once the whole report is in (TAP streams per implementation). */
const WHOLE_REPORT = { json: renderJson, junit: renderJunit } as const;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function conformanceCommand(): Command {
  const command = new Command('conformance')
    .description('run the conformance cases against each implementation; TAP on stdout (or --reporter json, junit)')
    .option(
      '-i, --impl <spec>',
      'implementation: a built-in, cmd:<shell command>, url:<base URL> or image:<image> (--env containers) (repeatable, or a comma list; default reference,seed)',
      collect,
    )
    .option('--impl-env <NAME=value>', 'extra environment for every implementation it starts (repeatable)', parseImplEnv)
    .addOption(
      new Option(
        '-e, --env <kind>',
        'where CouchDB and the implementations run: auto (external with --couchdb-url, containers when a container runtime answers, else embedded), embedded, containers, external',
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
    .option('--db <name>', 'with --env external: use this database and never delete it (needed for url: implementations)', parseDbName)
    .option('--deadline <ms>', 'how long a write straight to CouchDB may take to reach the app', parsePositiveNumber, DEFAULT_DEADLINE_MS)
    .option(
      '-p, --proxy <name[:mode][@config]>',
      'send the cases through this caching proxy in front of each implementation: none, varnish[:revalidate|ttl|purge], nginx[:ttl|purge], @file for your own config (repeatable, or a comma list; default none)',
      collect,
    )
    .addOption(
      new Option('--purge-by <who>', 'in purge mode, who purges the proxy: implementation (PURGE_URL) or invalidator (a process following _changes)')
        .argParser(parseChoice(['implementation', 'invalidator']))
        .default('implementation'),
    )
    .option('--proxy-ttl <seconds>', "TTL of a proxy's ttl mode", parsePositiveNumber, DEFAULT_PROXY_TTL_S)
    .addOption(
      new Option('--reporter <format>', 'output on stdout: tap, json, junit (JUnit XML for CI test reports)')
        .argParser(parseChoice(['tap', 'json', 'junit']))
        .default('tap'),
    )
    .option('-o, --out <dir>', 'also write results.json, report.html and summary.md (the table by stack) there');
  return command.action((flags: ConformanceFlags) => conformance(flags, (text) => command.configureOutput().writeOut!(text)));
}

async function conformance(flags: ConformanceFlags, writeOut: (text: string) => void): Promise<void> {
  const impls = splitImplList(flags.impl ?? ['reference,seed']).map(parseImplSpec);
  const choice = flags.env === 'auto' ? await chooseEnvironment(flags.couchdbUrl) : undefined;
  const kind = choice?.kind ?? (flags.env as EnvironmentKind);
  checkUsage(kind, flags, impls);
  refuseImagesOutsideContainers(kind, impls, choice?.why);
  const proxiesOf = planStacks(kind, flags, impls);
  const out = flags.out === undefined ? undefined : checkedOutDir(flags.out);
  const startedAt = new Date().toISOString();
  const note = (text: string): void => void process.stderr.write(`${text}\n`);
  if (choice !== undefined) note(`environment: ${kind} (--env auto: ${choice.why})`);
  const interrupt = interruptOnSignals(() => process.stderr.write('\ninterrupted: stopping after the current case (Ctrl-C again to quit at once)\n'));
  const resources = new Resources();
  try {
    const environment = await startEnvironment({ kind, couchdbImage: flags.couchdbImage, couchdbUrl: flags.couchdbUrl, db: flags.db }, note);
    resources.add('the environment', () => environment.stop());
    const support = withImplEnv(await environment.startSupport(impls, note), flags.implEnv);
    // TAP streams one implementation at a time; JSON and JUnit need the whole report.
    const stacks = impls.reduce((sum, impl) => sum + proxiesOf(impl).length, 0);
    if (flags.reporter === 'tap') writeOut(stacks === impls.length ? tapHeader(impls.length, CASES.length) : tapStacksHeader(stacks, CASES.length));
    let index = 0;
    const report = await runConformance({
      impls,
      environment,
      deadlineMs: flags.deadline,
      signal: interrupt.signal,
      needs: (impl) => support.needsOf(impl),
      proxies: proxiesOf,
      onImplementation: (done) => {
        if (flags.reporter === 'tap') writeOut(tapImplementation(done, index++));
      },
    });
    writeOut(flags.reporter === 'tap' ? tapFooter(report.length) : WHOLE_REPORT[flags.reporter](report));
    if (out !== undefined) {
      const proxyVersions = Object.fromEntries(
        report.flatMap((entry) => (entry.proxyVersion === undefined ? [] : [[entry.proxy!.split(':')[0]!, entry.proxyVersion]])),
      );
      const results = resultsFile({ environment, startedAt, ceiling: null, runs: [], conformance: conformanceResults(report), proxyVersions });
      const written = await writeReport(out, results);
      note(`results: ${written.resultsPath}\nreport:  ${written.reportPath}\nsummary: ${written.summaryPath}`);
    }
    if (interrupt.signal.aborted) throw new InterruptedError('interrupted: the report is partial', interrupt.received());
    if (conformanceExitCode(report) !== 0) throw new NonConformingError(report);
  } finally {
    interrupt.dispose();
    await resources.stopAll();
  }
}

/** The stacks of each implementation: alone (`none`) and behind each proxy, resolved before anything starts. */
function planStacks(kind: EnvironmentKind, flags: ConformanceFlags, impls: readonly ImplSpec[]): (impl: ImplSpec) => readonly (ProxySetup | undefined)[] {
  const specs = splitProxyList(flags.proxy ?? ['none']);
  const binaries = new Map<string, ProxyBinary>();
  const resolve = (spec: ProxySpec, local: boolean): ProxySetup =>
    resolveProxySetup({
      spec,
      purgeBy: flags.purgeBy,
      ttlS: flags.proxyTtl,
      instances: 1,
      where: { proxy: '--proxy', ttl: '--proxy-ttl' },
      binaries: local ? binaries : undefined,
    });
  // Under containers the proxy in front of a container runs from its image; in front of a process, here (its
  // binary looked up now, and only then).
  const stacks = new Map<string, readonly (ProxySetup | undefined)[]>();
  for (const impl of impls) {
    const local = kind !== 'containers' || !runsInContainer(impl);
    stacks.set(
      impl.spec,
      specs.map((spec) => (spec === undefined ? undefined : resolve(spec, local))),
    );
  }
  return (impl) => stacks.get(impl.spec) ?? [undefined];
}

function checkUsage(kind: EnvironmentKind, flags: ConformanceFlags, impls: readonly ImplSpec[]): void {
  checkEnvironmentRequest({ kind, couchdbImage: flags.couchdbImage, couchdbUrl: flags.couchdbUrl, db: flags.db });
  // A url: implementation reads its own CouchDB: the cases must write to that very database.
  const url = impls.find((impl) => impl.kind === 'url');
  if (url !== undefined && (kind !== 'external' || flags.db === undefined)) {
    throw new InvalidOptionError('--impl', url.spec, 'usable without --couchdb-url and --db naming the CouchDB and database it serves');
  }
}
