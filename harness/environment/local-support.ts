// What some implementations need beside CouchDB, as local processes (embedded and external environments):
// memcached for `ttl`. An implementation whose support is missing is reported unavailable with the reason, never
// replaced.

import type { ImplementationNeeds, Support } from '../contract/environment.js';
import type { ImplSpec } from '../contract/impl-spec.js';
import { findMemcached, MEMCACHED_INSTALL, startMemcached } from './memcached-process.js';

const needsMemcached = (impl: ImplSpec): boolean => impl.kind === 'built-in' && impl.name === 'ttl';

/** Support for these implementations, and how to stop what it started. */
export async function startLocalSupport(impls: readonly ImplSpec[], note: (text: string) => void): Promise<{ support: Support; stop: () => Promise<void> }> {
  if (!impls.some(needsMemcached)) return { support: supportWith(undefined, undefined), stop: async () => {} };
  const binary = findMemcached();
  if (binary === undefined) {
    const reason = `ttl unavailable: memcached is not installed (install it: ${MEMCACHED_INSTALL})`;
    note(reason);
    return { support: supportWith(undefined, reason), stop: async () => {} };
  }
  const memcached = await startMemcached(binary);
  return { support: supportWith(memcached.servers, undefined, { memcached: memcached.version }), stop: () => memcached.stop() };
}

/** Support from memcached's `host:port` list (undefined: none, for `why`). */
export function supportWith(memcachedServers: string | undefined, why: string | undefined, versions: Record<string, string> = {}): Support {
  return {
    versions,
    needsOf(impl: ImplSpec): ImplementationNeeds {
      if (!needsMemcached(impl)) return {};
      if (memcachedServers === undefined) return { unavailable: why ?? 'ttl unavailable: no memcached' };
      return { implEnv: { MEMCACHED_SERVERS: memcachedServers } };
    },
  };
}
