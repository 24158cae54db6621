// A proxy setup, resolved before anything starts (for `run`'s cells and `conformance`'s stacks alike): a user's
// config file read and its placeholders checked, nginx's whole-second TTL, and a local binary looked up once per
// proxy, so a missing varnishd or nginx fails now with the install command (exit 2).

import { readFileSync } from 'node:fs';
import type { ProxySpec, PurgeBy } from '../contract/proxy-spec.js';
import type { ProxyBinary, ProxySetup } from '../contract/run-proxy.js';
import { InvalidOptionError } from '../errors.js';
import { findProxyBinary } from './proxy-binaries.js';
import { templateProblem } from './proxy-config-template.js';

export interface ProxySetupRequest {
  readonly spec: ProxySpec;
  readonly purgeBy: PurgeBy;
  readonly ttlS: number;
  /** Implementation instances behind it (a config of one's own takes one). */
  readonly instances: number;
  /** Where each value came from, for the error: `--proxy`, `smoke.json: /proxy`. */
  readonly where: { readonly proxy: string; readonly ttl: string };
  /** Local binaries found so far; undefined: the proxy runs in a container. */
  readonly binaries: Map<string, ProxyBinary> | undefined;
}

export function resolveProxySetup(request: ProxySetupRequest): ProxySetup {
  const { spec, ttlS, where } = request;
  if (spec.name === 'nginx' && spec.mode === 'ttl' && spec.configFile === undefined && !Number.isInteger(ttlS)) {
    throw new InvalidOptionError(where.ttl, ttlS, 'a whole number of seconds (nginx counts whole seconds)');
  }
  const setup: ProxySetup = { spec, purgeBy: request.purgeBy, ttlS, ...configOf(request) };
  if (request.binaries === undefined) return setup;
  const binary = request.binaries.get(spec.name) ?? findProxyBinary(spec);
  request.binaries.set(spec.name, binary);
  return { ...setup, binary };
}

function configOf({ spec, instances, where }: ProxySetupRequest): { configTemplate?: string } {
  if (spec.configFile === undefined) return {};
  let text: string;
  try {
    text = readFileSync(spec.configFile, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new InvalidOptionError(where.proxy, spec.spec, `a readable ${spec.name} config file after @ (${reason})`);
  }
  const problem = templateProblem(spec.name, text);
  if (problem !== undefined) throw new InvalidOptionError(where.proxy, spec.spec, `a config whose placeholders etag-bench can fill: ${problem}`);
  if (instances > 1) throw new InvalidOptionError(where.proxy, spec.spec, 'one implementation instance behind a config of your own (it names one origin)');
  return { configTemplate: text };
}
