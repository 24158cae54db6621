// `etag-bench conformance`: the conformance cases against each implementation; TAP 14 on stdout (or JSON).
// Exit 0 when every required case passes for every implementation, 1 otherwise, 2 for bad usage.

import { Command, Option } from 'commander';
import { CASES } from '../../conformance/cases/index.js';
import { NonConformingError } from '../../conformance/conformance-error.js';
import { DEFAULT_DEADLINE_MS, runConformance } from '../../conformance/engine/run-conformance.js';
import { renderJson } from '../../conformance/reporters/json-reporter.js';
import { renderJunit } from '../../conformance/reporters/junit-reporter.js';
import { tapFooter, tapHeader, tapImplementation } from '../../conformance/reporters/tap-reporter.js';
import { conformanceExitCode } from '../../conformance/results.js';
import { startEmbeddedEnvironment } from '../../environment/embedded-environment.js';
import type { Environment } from '../../contract/environment.js';
import { connectExternalEnvironment } from '../../environment/external-environment.js';
import { InterruptedError, InvalidOptionError } from '../../errors.js';
import { parseImplSpec, splitImplList, type ImplSpec } from '../../contract/impl-spec.js';
import { interruptOnSignals, Resources } from '../../lifecycle.js';
import { parseChoice, parseDbName, parseHttpUrl, parsePositiveNumber } from '../options.js';

interface ConformanceFlags {
  impl?: string[];
  env: 'auto' | 'embedded' | 'external';
  couchdbUrl?: string;
  db?: string;
  deadline: number;
  reporter: 'tap' | 'json' | 'junit';
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function conformanceCommand(): Command {
  const command = new Command('conformance')
    .description('run the conformance cases against each implementation; TAP on stdout (or --reporter json, junit)')
    .option(
      '-i, --impl <spec>',
      'implementation: a built-in, cmd:<shell command> or url:<base URL> (repeatable, or a comma list; default reference,seed)',
      collect,
    )
    .addOption(
      new Option('-e, --env <kind>', 'where CouchDB comes from: auto, embedded, external')
        .argParser(parseChoice(['auto', 'embedded', 'external']))
        .default('auto'),
    )
    .option('--couchdb-url <url>', 'CouchDB base URL for --env external (credentials in the URL)', parseHttpUrl)
    .option('--db <name>', 'with --env external: use this database and never delete it (needed for url: implementations)', parseDbName)
    .option('--deadline <ms>', 'how long a write straight to CouchDB may take to reach the app', parsePositiveNumber, DEFAULT_DEADLINE_MS)
    .addOption(
      new Option('--reporter <format>', 'output on stdout: tap, json, junit (JUnit XML for CI test reports)')
        .argParser(parseChoice(['tap', 'json', 'junit']))
        .default('tap'),
    );
  return command.action((flags: ConformanceFlags) => conformance(flags, (text) => command.configureOutput().writeOut!(text)));
}

async function conformance(flags: ConformanceFlags, writeOut: (text: string) => void): Promise<void> {
  const impls = splitImplList(flags.impl ?? ['reference,seed']).map(parseImplSpec);
  const kind = flags.env === 'auto' ? (flags.couchdbUrl !== undefined ? 'external' : 'embedded') : flags.env;
  checkUsage(kind, flags, impls);
  const interrupt = interruptOnSignals(() => process.stderr.write('\ninterrupted: stopping after the current case (Ctrl-C again to quit at once)\n'));
  const resources = new Resources();
  try {
    const environment = await startEnvironment(kind, flags);
    resources.add('the environment', () => environment.stop());
    const support = await environment.startSupport(impls, (text) => process.stderr.write(`${text}\n`));
    // TAP streams one implementation at a time; JSON and JUnit need the whole report.
    if (flags.reporter === 'tap') writeOut(tapHeader(impls.length, CASES.length));
    let index = 0;
    const report = await runConformance({
      impls,
      environment,
      deadlineMs: flags.deadline,
      signal: interrupt.signal,
      needs: (impl) => support.needsOf(impl),
      onImplementation: (done) => {
        if (flags.reporter === 'tap') writeOut(tapImplementation(done, index++));
      },
    });
    writeOut(flags.reporter === 'tap' ? tapFooter(report.length) : flags.reporter === 'junit' ? renderJunit(report) : renderJson(report));
    if (interrupt.signal.aborted) throw new InterruptedError('interrupted: the report is partial');
    if (conformanceExitCode(report) !== 0) throw new NonConformingError(report);
  } finally {
    interrupt.dispose();
    await resources.stopAll();
  }
}

function checkUsage(kind: 'embedded' | 'external', flags: ConformanceFlags, impls: readonly ImplSpec[]): void {
  if (kind === 'external' && flags.couchdbUrl === undefined) throw new InvalidOptionError('--env', 'external', 'usable without --couchdb-url');
  if (kind === 'embedded' && (flags.couchdbUrl !== undefined || flags.db !== undefined)) {
    throw new InvalidOptionError('--couchdb-url/--db', flags.couchdbUrl ?? flags.db, 'given with --env embedded (use --env external)');
  }
  // A url: implementation reads its own CouchDB: the cases must write to that very database.
  const url = impls.find((impl) => impl.kind === 'url');
  if (url !== undefined && (kind !== 'external' || flags.db === undefined)) {
    throw new InvalidOptionError('--impl', url.spec, 'usable without --couchdb-url and --db naming the CouchDB and database it serves');
  }
}

function startEnvironment(kind: 'embedded' | 'external', flags: ConformanceFlags): Promise<Environment> {
  return kind === 'external' ? connectExternalEnvironment(flags.couchdbUrl!, flags.db) : startEmbeddedEnvironment();
}
