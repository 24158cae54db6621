// The proxy a run uses: --proxy over the scenario's `proxy`, checked (and its binary found) before anything
// starts, so a missing varnishd or nginx fails at once with the install command (exit 2).

import { InvalidOptionError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { findProxyBinary, type ProxyBinary } from './proxy-binaries.js';
import { DEFAULT_PROXY_TTL_S, type ProxySetup } from './proxy-front.js';
import { parseProxySpec, type PurgeBy } from './proxy-spec.js';

export interface ProxyFlags {
  /** --proxy; overrides the scenario. */
  readonly proxy?: string;
  readonly purgeBy?: PurgeBy;
  readonly proxyTtl?: number;
}

/** One setup per scenario (undefined: no proxy); binaries are looked up once per proxy name, unless the proxies
 *  run in containers (their images have them). */
export function resolveProxies(scenarios: readonly Scenario[], flags: ProxyFlags, options: { localBinaries: boolean } = { localBinaries: true }): Map<Scenario, ProxySetup | undefined> {
  const binaries = new Map<string, ProxyBinary>();
  const setups = new Map<Scenario, ProxySetup | undefined>();
  for (const scenario of scenarios) {
    const text = flags.proxy ?? scenario.proxy ?? 'none';
    const spec = parseProxySpec(text, flags.proxy !== undefined ? '--proxy' : `${scenario.source}: /proxy`);
    if (spec === undefined) {
      setups.set(scenario, undefined);
      continue;
    }
    const ttlS = flags.proxyTtl ?? scenario.proxyTtlS ?? DEFAULT_PROXY_TTL_S;
    if (spec.name === 'nginx' && spec.mode === 'ttl' && !Number.isInteger(ttlS)) {
      throw new InvalidOptionError(flags.proxyTtl !== undefined ? '--proxy-ttl' : `${scenario.source}: /proxyTtlS`, ttlS, 'a whole number of seconds (nginx counts whole seconds)');
    }
    const purgeBy = flags.purgeBy ?? scenario.purgeBy ?? 'implementation';
    if (!options.localBinaries) {
      setups.set(scenario, { spec, purgeBy, ttlS });
      continue;
    }
    const binary = binaries.get(spec.spec) ?? findProxyBinary(spec);
    binaries.set(spec.spec, binary);
    setups.set(scenario, { spec, binary, purgeBy, ttlS });
  }
  return setups;
}

/** `{varnish: "varnish-7.1.1", nginx: "nginx/1.22.1"}` for results.json, from the local binaries found. */
export function proxyVersionsOf(setups: Iterable<ProxySetup | undefined>): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const setup of setups) if (setup?.binary !== undefined) versions[setup.spec.name] = setup.binary.version;
  return versions;
}
