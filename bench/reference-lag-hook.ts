// The reference server (reference-server/main.js, unchanged) with one observer added for the
// invalidation-lag bench: each removeByKey of a document key is reported to the parent over IPC the moment
// the registry has dropped the document's pages. The registry itself is not modified.
// Run by invalidation-lag: node dist/bench/reference-lag-hook.js reference (with the contract's environment)

import { EtagRegistry } from '../reference-server/registry/etag-registry.js';

if (!process.send) throw new Error('reference-lag-hook.js needs an IPC channel');
const send = process.send.bind(process);
const removeByKey = EtagRegistry.prototype.removeByKey;
EtagRegistry.prototype.removeByKey = function (this: EtagRegistry, key: string, rev?: string): number {
  const forgotten = removeByKey.call(this, key, rev);
  if (key.startsWith('doc:')) send({ id: key.slice(4), rev, forgotten });
  return forgotten;
};
await import('../reference-server/main.js');
