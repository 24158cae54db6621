// `--proxy <name>[:<mode>][@<config file>]` (and `proxy` in a scenario): which caching proxy stands in front of the
// implementation and how it keeps pages. Defaults are the modes without staleness each proxy supports. A config
// file of the user's own replaces the one etag-bench writes (its placeholders: harness/proxies/proxy-config-template.ts);
// the mode then says only how purges are sent.

import { InvalidOptionError } from '../errors.js';

export type ProxyName = 'varnish' | 'nginx';
export type ProxyMode = 'revalidate' | 'ttl' | 'purge';
export type PurgeBy = 'implementation' | 'invalidator';

export interface ProxySpec {
  readonly name: ProxyName;
  readonly mode: ProxyMode;
  /** A configuration file of the user's own, as given (read when the run is planned). */
  readonly configFile?: string;
  /** As reported in results: `varnish:revalidate`, `varnish:revalidate@site.vcl`. */
  readonly spec: string;
}

export const DEFAULT_MODES: Record<ProxyName, ProxyMode> = { varnish: 'revalidate', nginx: 'purge' };

const MODES: Record<ProxyName, readonly ProxyMode[]> = {
  varnish: ['revalidate', 'ttl', 'purge'],
  // nginx serves its copy until it expires: it has no way to ask the origin on every request.
  nginx: ['ttl', 'purge'],
};

/** Undefined for `none`; throws InvalidOptionError (exit 2) naming the option for anything else unknown. */
export function parseProxySpec(text: string, option = '--proxy'): ProxySpec | undefined {
  const at = text.indexOf('@');
  const configFile = at < 0 ? undefined : text.slice(at + 1).trim();
  if (configFile === '') throw new InvalidOptionError(option, text, 'a config file after @ (varnish@./site.vcl)');
  const [name, mode, ...rest] = (at < 0 ? text : text.slice(0, at)).trim().split(':');
  if (name === 'none' && mode === undefined && configFile === undefined) return undefined;
  if (name !== 'varnish' && name !== 'nginx') {
    throw new InvalidOptionError(option, text, 'a proxy (none, varnish[:revalidate|ttl|purge], nginx[:ttl|purge])');
  }
  if (rest.length > 0) throw new InvalidOptionError(option, text, `a proxy spec (${name}:<mode>)`);
  const chosen = (mode ?? DEFAULT_MODES[name]) as ProxyMode;
  if (!MODES[name].includes(chosen)) {
    const why =
      name === 'nginx' && chosen === 'revalidate'
        ? ' (nginx cannot ask the origin on every request: use nginx:purge, or nginx:ttl to accept a staleness window)'
        : '';
    throw new InvalidOptionError(option, text, `a mode ${name} supports: ${MODES[name].join(', ')}${why}`);
  }
  const spec = `${name}:${chosen}`;
  return configFile === undefined ? { name, mode: chosen, spec } : { name, mode: chosen, configFile, spec: `${spec}@${configFile}` };
}

/** `-p a,b -p c` → [a, b, c], each once (a stack given twice would be judged twice). */
export function splitProxyList(values: readonly string[], option = '--proxy'): (ProxySpec | undefined)[] {
  const specs = values.flatMap((value) => value.split(',')).map((text) => parseProxySpec(text, option));
  const seen = new Set<string>();
  for (const spec of specs) {
    const label = spec?.spec ?? 'none';
    if (seen.has(label)) throw new InvalidOptionError(option, label, 'given once (it is already in the list)');
    seen.add(label);
  }
  return specs;
}
