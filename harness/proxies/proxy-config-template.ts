// A proxy configuration of the user's own (`--proxy varnish@./site.vcl`): their VCL or nginx.conf with the places
// only etag-bench knows left as placeholders, filled when the proxy starts. Checked when the run is planned, so a
// placeholder misspelt or missing fails before anything starts. Pure: tested without a proxy.
//   {{ORIGIN_HOST}} {{ORIGIN_PORT}}  the implementation behind it (Varnish's `backend`), or {{ORIGIN}} as host:port
//   {{LISTEN}}                       nginx: the address:port to listen on (Varnish gets it on its command line)
//   {{DIR}}                          nginx: its private directory, for pid, temp files and cache

import type { ProxyName } from '../contract/proxy-spec.js';

export const PLACEHOLDERS = ['ORIGIN_HOST', 'ORIGIN_PORT', 'ORIGIN', 'LISTEN', 'DIR'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{([A-Za-z_]+)\}\}/g;

export interface ConfigPlace {
  /** Origins, `host:port` each. */
  readonly backends: readonly string[];
  readonly listen: string;
  readonly dir: string;
}

/** Why the template cannot work, or undefined. */
export function templateProblem(name: ProxyName, template: string): string | undefined {
  const used = new Set([...template.matchAll(PATTERN)].map((match) => match[1]!));
  const unknown = [...used].filter((placeholder) => !(PLACEHOLDERS as readonly string[]).includes(placeholder));
  if (unknown.length > 0)
    return `unknown placeholder(s) ${unknown.map((p) => `{{${p}}}`).join(', ')} (known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`;
  if (!used.has('ORIGIN') && !(used.has('ORIGIN_HOST') && used.has('ORIGIN_PORT'))) {
    return 'no {{ORIGIN}} (or {{ORIGIN_HOST}} and {{ORIGIN_PORT}}): the proxy would not reach the implementation';
  }
  if (name === 'nginx' && !used.has('LISTEN')) return 'no {{LISTEN}}: nginx would not listen where etag-bench sends the requests';
  return undefined;
}

export function fillTemplate(template: string, place: ConfigPlace): string {
  const [origin, ...more] = place.backends;
  if (origin === undefined) throw new RangeError('a proxy needs an origin');
  // One backend per placeholder set: a config of one's own names one origin.
  if (more.length > 0) throw new RangeError('a proxy configuration of your own takes one origin: run one instance (--instances 1)');
  const colon = origin.lastIndexOf(':');
  const values: Record<Placeholder, string> = {
    ORIGIN: origin,
    ORIGIN_HOST: origin.slice(0, colon),
    ORIGIN_PORT: origin.slice(colon + 1),
    LISTEN: place.listen,
    DIR: place.dir,
  };
  return template.replace(PATTERN, (_, name: string) => values[name as Placeholder]);
}
