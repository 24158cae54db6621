// The fault proxy between local implementations and CouchDB, for a scenario that cuts or stalls the changes feed:
// the implementations get its URL as COUCHDB_URL (credentials and path kept), so their feed connections can be
// told apart and acted on while everything else they send to CouchDB passes untouched.

import type { FeedFaultPath } from '../contract/faults.js';
import { TcpFaultProxy } from './tcp-fault-proxy.js';

export async function startFeedFaultProxy(couchdbUrl: string): Promise<FeedFaultPath> {
  const couch = new URL(couchdbUrl);
  const proxy = new TcpFaultProxy(couch.hostname, Number(couch.port || (couch.protocol === 'https:' ? 443 : 80)));
  const { host, port } = await proxy.start();
  const through = new URL(couchdbUrl);
  through.hostname = host;
  through.port = String(port);
  return {
    // URL keeps a trailing slash on a bare origin; the environment's URL has none.
    couchdbUrl: through.href.replace(/\/$/, ''),
    cutFeeds: async () => proxy.cutFeeds(),
    stallFeeds: async () => proxy.stallFeeds(),
    unstallFeeds: async () => proxy.unstallFeeds(),
    stop: () => proxy.stop(),
  };
}
