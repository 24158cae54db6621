export { EmbeddedCouchDb, DEFAULT_HOST, type StartedEmbeddedCouchDb } from './embedded-couchdb.js';
export { encodeSeq, decodeSince, newSeqSalt } from './seq-codec.js';
export { STATS_PATH } from './front-router.js';
export type { StatsSnapshot } from './request-stats.js';
