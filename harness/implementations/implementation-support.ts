// What some implementations need beside CouchDB, started once per command: memcached for `ttl`. An
// implementation whose support is missing is reported unavailable with the reason, never replaced.

import { Resources } from '../cli/lifecycle.js';
import { findMemcached, MEMCACHED_INSTALL, startMemcached, type StartedMemcached } from '../environment/memcached-process.js';
import type { ImplSpec } from './impl-spec.js';

export interface Support {
  readonly memcached?: StartedMemcached;
  readonly memcachedMissing?: string;
}

export interface ImplementationNeeds {
  /** Extra environment for the implementation's process. */
  readonly implEnv?: Record<string, string>;
  /** Why it cannot run here. */
  readonly unavailable?: string;
}

const needsMemcached = (impl: ImplSpec): boolean => impl.kind === 'built-in' && impl.name === 'ttl';

export async function startSupport(impls: readonly ImplSpec[], resources: Resources, note: (text: string) => void): Promise<Support> {
  if (!impls.some(needsMemcached)) return {};
  const binary = findMemcached();
  if (binary === undefined) {
    const reason = `ttl unavailable: memcached is not installed (install it: ${MEMCACHED_INSTALL})`;
    note(reason);
    return { memcachedMissing: reason };
  }
  const memcached = await startMemcached(binary);
  resources.add('memcached', () => memcached.stop());
  return { memcached };
}

export function needsOf(impl: ImplSpec, support: Support): ImplementationNeeds {
  if (!needsMemcached(impl)) return {};
  if (support.memcached === undefined) return { unavailable: support.memcachedMissing ?? 'ttl unavailable: no memcached' };
  return { implEnv: { MEMCACHED_SERVERS: support.memcached.servers } };
}
