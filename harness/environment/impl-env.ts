// --impl-env: the user's extra variables for every implementation a command starts (image:, cmd:, built-ins),
// handed over beside what the support gives (MEMCACHED_SERVERS for `ttl`), so every environment applies them
// the way it applies the support's: in the process's environment, or the container's.

import type { Support } from '../contract/environment.js';

export function withImplEnv(support: Support, implEnv: Readonly<Record<string, string>> | undefined): Support {
  if (implEnv === undefined || Object.keys(implEnv).length === 0) return support;
  return {
    versions: support.versions,
    needsOf(impl) {
      const needs = support.needsOf(impl);
      return { ...needs, implEnv: { ...implEnv, ...needs.implEnv } };
    },
  };
}
