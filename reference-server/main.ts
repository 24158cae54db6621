// Runs one built-in implementation as its own process, configured by the implementation contract's
// environment (the implementation contract, docs/architecture.md): HOST, PORT, COUCHDB_URL, COUCHDB_DB (and MEMCACHED_SERVERS, ETAG_BENCH_TTL_S for
// `ttl`; PURGE_URL and PURGE_STYLE xkey|url for a proxy the reference purges); the implementation's name is the first argument (or ETAG_BENCH_IMPL). Prints one JSON line {"url"} on
// stdout once /health answers.

import { purgerFromEnv } from './proxy/proxy-purger.js';
import { serveImplementation } from './server.js';

async function main(): Promise<void> {
  const impl = process.argv[2] ?? process.env.ETAG_BENCH_IMPL ?? 'reference';
  const couchdbUrl = process.env.COUCHDB_URL;
  const db = process.env.COUCHDB_DB;
  if (!couchdbUrl || !db) throw new Error('COUCHDB_URL and COUCHDB_DB must be set');
  const port = Number(process.env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT ${process.env.PORT} is not a port`);
  const ttlS = process.env.ETAG_BENCH_TTL_S === undefined ? undefined : Number(process.env.ETAG_BENCH_TTL_S);
  const running = await serveImplementation({
    impl,
    couchdbUrl,
    db,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    memcachedServers: process.env.MEMCACHED_SERVERS,
    ttlS,
    purger: purgerFromEnv(process.env),
  });
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
  const shutdown = (): void => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`etag-bench implementation: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
