// How the embedded and external environments start what runs beside CouchDB: implementations, proxies and
// support (memcached) as local processes. `stop` ends the support started so far.

import type { Environment } from '../contract/environment.js';
import { StartedImplementation } from '../implementations/started-implementation.js';
import { ProxyFront } from '../proxies/proxy-front.js';
import { startLocalSupport } from './local-support.js';

export type LocalStarts = Pick<Environment, 'startSupport' | 'startImplementation' | 'prepareProxy'> & { stop(): Promise<void> };

export function localStarts(): LocalStarts {
  const supportStops: (() => Promise<void>)[] = [];
  return {
    async startSupport(impls, note) {
      const { support, stop } = await startLocalSupport(impls, note);
      supportStops.push(stop);
      return support;
    },
    startImplementation: (spec, target) => StartedImplementation.start(spec, target),
    prepareProxy: (setup) => ProxyFront.prepare(setup),
    async stop() {
      for (const stop of supportStops.splice(0)) await stop();
    },
  };
}
