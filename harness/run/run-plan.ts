// A run, planned before anything starts: the scenarios as they will run (the one place where command-line
// overrides touch a scenario), the environment to start, and the matrix of cells — scenario × implementation ×
// proxy — each with everything its measurement needs. Bad input is refused here, with exit 2, before any load.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { EnvironmentKind } from '../contract/environment.js';
import { parseImplSpec, runsInContainer, splitImplList, type ImplSpec } from '../contract/impl-spec.js';
import { splitProxyList, type ProxySpec, type PurgeBy } from '../contract/proxy-spec.js';
import type { ProxyBinary, ProxySetup } from '../contract/run-proxy.js';
import { checkEnvironmentRequest, refuseImagesOutsideContainers } from '../environment/start-environment.js';
import { InvalidOptionError, StartupError } from '../errors.js';
import { optionalPeerMissing } from '../optional-peers.js';
import { resolveProxySetup } from '../proxies/proxy-setup.js';
import type { Scenario } from '../scenario/scenario.js';
import { loadShares, SHARD_STRIDE, wholeShare, type LoadShare } from '../workload/agents/load-shares.js';
import type { ClosedLoopDriverName } from '../workload/closed-loop-selection.js';

/** What the user asked for, each value already parsed (commander's parsers): `etag-bench run`'s options. */
export interface RunRequest {
  readonly scenarios: readonly Scenario[];
  /** -i values; undefined: each scenario's own `impls`, else reference,seed. */
  readonly impls?: readonly string[];
  readonly env: 'auto' | EnvironmentKind;
  readonly couchdbImage?: string;
  readonly couchdbUrl?: string;
  readonly db?: string;
  readonly overrides: ScenarioOverrides;
  readonly graceMs: number;
  readonly driver: ClosedLoopDriverName;
  /** Load agents (--agents): a number, or `auto` for the machine's cores; default 1. */
  readonly agents?: number | 'auto';
  /** --shard i/n: this machine sends shard i (1-based) of the scenario's load. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** --start-at: when the load starts, epoch ms (machines running shards start together). */
  readonly startAt?: number;
  /** --no-writers: false (an outside writer writes); default true. */
  readonly writers?: boolean;
  readonly conformance: boolean;
  readonly out: string;
  /** --impl-env: extra environment for every implementation the run starts. */
  readonly implEnv?: Readonly<Record<string, string>>;
}

/** Command-line values that replace a scenario's own. */
export interface ScenarioOverrides {
  readonly durationS?: number;
  /** Open loop at this rate (--rate). */
  readonly ratePerSecond?: number;
  readonly instances?: number;
  /** --proxy text (`varnish:purge`, `none`; a comma list makes a cell per proxy). */
  readonly proxy?: string;
  readonly purgeBy?: PurgeBy;
  readonly proxyTtlS?: number;
  /** CouchDB nodes (--couchdb-nodes): a cluster under containers. */
  readonly couchdbNodes?: number;
  /** No writers (--no-writers, or a shard other than the first): reads only. */
  readonly noWriters?: boolean;
}

/** A sharded run: which part of the scenario's read load this machine sends, and from when. */
export interface ShardPlan {
  /** 1-based, as given. */
  readonly index: number;
  readonly count: number;
  readonly share: LoadShare;
}

export interface EnvironmentPlan {
  readonly kind: EnvironmentKind;
  /** Why --env auto chose it; undefined when the user named it. */
  readonly why?: string;
  readonly couchdbImage?: string;
  readonly couchdbUrl?: string;
  readonly db?: string;
  /** CouchDB must keep its data across a restart (a scenario restarts it). */
  readonly persistent: boolean;
  /** CouchDB nodes: 1, or a cluster (containers only), as every scenario of the run asks. */
  readonly couchdbNodes: number;
}

/** One measurement: a scenario against one implementation, behind one proxy or none. */
export interface RunCell {
  readonly scenario: Scenario;
  readonly impl: ImplSpec;
  readonly proxy?: ProxySetup;
  /** `smoke × reference behind varnish:purge`, as progress lines and errors name it. */
  readonly label: string;
}

export interface RunPlan {
  readonly scenarios: readonly Scenario[];
  readonly cells: readonly RunCell[];
  /** Every implementation of the matrix once (conformance runs each). */
  readonly impls: readonly ImplSpec[];
  readonly environment: EnvironmentPlan;
  readonly graceMs: number;
  readonly driver: ClosedLoopDriverName;
  /** Load agents the readers run on (1: this event loop). */
  readonly agents: number;
  readonly shard?: ShardPlan;
  /** Epoch ms the load starts at (--start-at); absent: as soon as the stack is up. */
  readonly startAt?: number;
  readonly conformance: boolean;
  /** Absolute directory for results.json, report.html and summary.md. */
  readonly out: string;
  /** --impl-env: extra environment for every implementation the run starts. */
  readonly implEnv: Readonly<Record<string, string>>;
}

const DEFAULT_IMPLS = ['reference', 'seed'];

/** `chooseAuto` decides --env auto (it probes for a container runtime). */
export async function planRun(request: RunRequest, chooseAuto: () => Promise<{ kind: EnvironmentKind; why: string }>): Promise<RunPlan> {
  const environment = await planEnvironment(request, chooseAuto);
  const out = checkedOutDir(request.out);
  const driverMissing = request.driver === 'autocannon' ? optionalPeerMissing('autocannon') : undefined;
  if (driverMissing !== undefined) throw new StartupError(`--driver autocannon: ${driverMissing}`);
  // Writers on the first shard only: the others read, and learn the writes from CouchDB's feed.
  const noWriters = request.writers === false || (request.shard !== undefined && request.shard.index > 1);
  const overrides = noWriters ? { ...request.overrides, noWriters } : request.overrides;
  const scenarios = request.scenarios.map((scenario) => withOverrides(scenario, overrides));
  const requested = request.impls === undefined ? undefined : splitImplList(request.impls).map(parseImplSpec);
  // Under containers, proxies in front of built-ins and image: implementations run from images: no local binary needed for them.
  const binaries = new Map<string, ProxyBinary>();
  const cells = scenarios.flatMap((scenario) => {
    // A scenario may name the implementations it is meant for (multi-instance: reference); -i overrides.
    const impls = requested ?? (scenario.impls ?? DEFAULT_IMPLS).map(parseImplSpec);
    // --proxy may name several: a cell per implementation × proxy.
    const proxies = splitProxyList([scenario.proxy ?? 'none'], where(scenario, 'proxy', request.overrides.proxy));
    return impls.flatMap((impl) => {
      const local = environment.kind !== 'containers' || !runsInContainer(impl);
      return proxies.map((spec) => {
        const proxy = spec === undefined ? undefined : proxySetupOf(scenario, spec, request.overrides, local ? binaries : undefined);
        return { scenario, impl, ...(proxy === undefined ? {} : { proxy }), label: labelOf(scenario, impl, proxy) };
      });
    });
  });
  const impls = uniqueSpecs(cells.map((cell) => cell.impl));
  refuseImagesOutsideContainers(environment.kind, impls, environment.why);
  return {
    scenarios,
    cells,
    impls,
    environment: {
      ...environment,
      persistent: scenarios.some((s) => s.faults.some((step) => step.kind === 'restart-couchdb')),
      couchdbNodes: planNodes(scenarios, environment.kind),
    },
    graceMs: request.graceMs,
    driver: request.driver,
    ...plannedShard(request, scenarios, cells),
    agents: checkedAgents(request.agents, scenarios, request.shard),
    conformance: request.conformance,
    out,
    implEnv: request.implEnv ?? {},
  };
}

/** The scenario as it will run: each given override replaces the scenario's value. */
export function withOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const { durationS, ratePerSecond, instances, proxy, purgeBy, proxyTtlS, couchdbNodes, noWriters } = overrides;
  const maxInFlight = scenario.load.mode === 'open' ? scenario.load.maxInFlight : scenario.readers.connections;
  return {
    ...scenario,
    ...(durationS === undefined ? {} : { durationS }),
    ...(ratePerSecond === undefined ? {} : { load: { mode: 'open' as const, ratePerSecond, maxInFlight } }),
    ...(instances === undefined ? {} : { instances }),
    ...(proxy === undefined ? {} : { proxy }),
    ...(purgeBy === undefined ? {} : { purgeBy }),
    ...(proxyTtlS === undefined ? {} : { proxyTtlS }),
    ...(couchdbNodes === undefined ? {} : { couchdb: { ...scenario.couchdb, nodes: couchdbNodes } }),
    ...(noWriters === true ? { writers: { ...scenario.writers, ratePerSecond: 0 } } : {}),
  };
}

async function planEnvironment(
  request: RunRequest,
  chooseAuto: () => Promise<{ kind: EnvironmentKind; why: string }>,
): Promise<Omit<EnvironmentPlan, 'persistent' | 'couchdbNodes'>> {
  const choice = request.env === 'auto' ? await chooseAuto() : undefined;
  const kind = choice?.kind ?? (request.env as EnvironmentKind);
  checkEnvironmentRequest({ kind, couchdbImage: request.couchdbImage, couchdbUrl: request.couchdbUrl, db: request.db });
  return {
    kind,
    ...(choice === undefined ? {} : { why: choice.why }),
    ...(request.couchdbImage === undefined ? {} : { couchdbImage: request.couchdbImage }),
    ...(request.couchdbUrl === undefined ? {} : { couchdbUrl: request.couchdbUrl }),
    ...(request.db === undefined ? {} : { db: request.db }),
  };
}

/** The proxy a cell uses (the scenario's, overrides applied), resolved (config file, binary) before the run. */
function proxySetupOf(scenario: Scenario, spec: ProxySpec, overrides: ScenarioOverrides, binaries: Map<string, ProxyBinary> | undefined): ProxySetup {
  return resolveProxySetup({
    spec,
    purgeBy: scenario.purgeBy,
    ttlS: scenario.proxyTtlS,
    instances: scenario.instances,
    where: { proxy: where(scenario, 'proxy', overrides.proxy), ttl: where(scenario, 'proxy-ttl', overrides.proxyTtlS) },
    binaries,
  });
}

/** Where a value came from, for an error: the option, or the scenario file's field. */
function where(scenario: Scenario, field: string, override: unknown): string {
  return override !== undefined ? `--${field}` : `${scenario.source}: /${field === 'proxy-ttl' ? 'proxyTtlS' : field}`;
}

/** One CouchDB serves the whole run: every scenario must ask for the same number of nodes, and a cluster needs
 *  containers (the embedded server is one process; an external CouchDB is what it is). */
function planNodes(scenarios: readonly Scenario[], kind: EnvironmentKind): number {
  const counts = new Set(scenarios.map((scenario) => scenario.couchdb.nodes));
  if (counts.size > 1) {
    const each = scenarios.map((scenario) => `${scenario.name}: ${scenario.couchdb.nodes}`).join(', ');
    throw new InvalidOptionError('--scenario', each, 'scenarios that ask for the same number of CouchDB nodes (one CouchDB serves a run)');
  }
  const nodes = [...counts][0] ?? 1;
  if (nodes > 1 && kind !== 'containers')
    throw new InvalidOptionError('--couchdb-nodes', nodes, `usable with --env ${kind} (a CouchDB cluster runs only under --env containers)`);
  return nodes;
}

/** --agents, resolved (`auto`: the machine's cores) and checked against every scenario's load (a shard's part of
 *  it): each agent needs a connection (in flight, open loop) and a virtual client of its own. */
function checkedAgents(agents: number | 'auto' | undefined, scenarios: readonly Scenario[], shard: RunRequest['shard']): number {
  const count = agents === 'auto' ? availableParallelism() : (agents ?? 1);
  for (const scenario of scenarios) {
    try {
      const part = shard === undefined ? wholeShare(scenario) : shareOf(scenario, shard);
      loadShares({ agents: count, connections: part.connections, clients: part.clients.count, load: part.load, seed: part.seed });
    } catch (error) {
      throw new InvalidOptionError(
        '--agents',
        agents ?? count,
        `possible for ${scenario.name}${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}: ${(error as Error).message}`,
      );
    }
  }
  return count;
}

function shareOf(scenario: Scenario, shard: NonNullable<RunRequest['shard']>): LoadShare {
  const { readers, load, seed } = scenario;
  return loadShares({ agents: shard.count, connections: readers.connections, clients: readers.clients, load, seed, stride: SHARD_STRIDE })[shard.index - 1]!;
}

/** --shard and --start-at, checked: one cell per sharded run (the machines start one load together), a part of the
 *  load for each shard, a start still to come. */
function plannedShard(request: RunRequest, scenarios: readonly Scenario[], cells: readonly RunCell[]): { shard?: ShardPlan; startAt?: number } {
  if (request.startAt !== undefined && request.startAt <= Date.now()) {
    throw new InvalidOptionError('--start-at', new Date(request.startAt).toISOString(), 'in the future (it has passed)');
  }
  const startAt = request.startAt === undefined ? {} : { startAt: request.startAt };
  const shard = request.shard;
  if (shard === undefined) return startAt;
  if (cells.length !== 1) {
    throw new InvalidOptionError(
      '--shard',
      `${shard.index}/${shard.count}`,
      `usable with one scenario × one implementation × one proxy (this run has ${cells.length}: ${cells.map((c) => c.label).join(', ')})`,
    );
  }
  let share: LoadShare;
  try {
    share = shareOf(scenarios[0]!, shard);
  } catch (error) {
    throw new InvalidOptionError(
      '--shard',
      `${shard.index}/${shard.count}`,
      `possible for ${scenarios[0]!.name}: ${(error as Error).message.replace('agents', 'shards')}`,
    );
  }
  return { ...startAt, shard: { index: shard.index, count: shard.count, share } };
}

// Checked before the run, not after it: an output path that cannot be written would lose every measurement.
// A directory that exists must be writable; one that does not must be creatable: its nearest existing ancestor a
// writable directory (it is made when the results are written, so a refused run leaves nothing behind).
export function checkedOutDir(out: string): string {
  const dir = resolve(out);
  let existing = dir;
  while (!existsSync(existing)) existing = dirname(existing);
  const what = existing === dir ? 'it' : existing;
  if (!statSync(existing).isDirectory()) throw new InvalidOptionError('--out', out, `a directory (${what} is a file)`);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new InvalidOptionError('--out', out, `a directory this user can write (${what} is not writable)`);
  }
  return dir;
}

function labelOf(scenario: Scenario, impl: ImplSpec, proxy: ProxySetup | undefined): string {
  return `${scenario.name} × ${impl.spec}${proxy === undefined ? '' : ` behind ${proxy.spec.spec}`}`;
}

function uniqueSpecs(specs: readonly ImplSpec[]): ImplSpec[] {
  const bySpec = new Map<string, ImplSpec>();
  for (const spec of specs) if (!bySpec.has(spec.spec)) bySpec.set(spec.spec, spec);
  return [...bySpec.values()];
}
