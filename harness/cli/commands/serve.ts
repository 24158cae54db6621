// `etag-bench serve`: one implementation standalone, on the embedded CouchDB unless given one.

import { Command, Option } from 'commander';
import { BUILT_IN_IMPLEMENTATIONS } from '../../../reference-server/impls/index.js';
import { serveImplementation, type RunningImplementation } from '../../../reference-server/server.js';
import { assertCouchDbReachable } from '../../environment/couchdb-reachable.js';
import { EmbeddedCouchDb } from '../../environment/couchdb/embedded-couchdb.js';
import { seedDocuments } from '../../environment/seed-documents.js';
import { StartupError } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import { Resources, untilSignal } from '../lifecycle.js';
import { parseChoice, parseCount, parseDbName, parseHttpUrl, parsePort, parsePositiveCount } from '../options.js';

interface ServeFlags {
  impl: string;
  host: string;
  port: number;
  couchdbUrl?: string;
  db: string;
  seed: number;
  maxPages?: number;
  json: boolean;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run one implementation standalone (starts the embedded CouchDB unless --couchdb-url is given)')
    .addOption(
      new Option('-i, --impl <name>', `implementation: ${BUILT_IN_IMPLEMENTATIONS.join(', ')}`)
        .argParser(parseChoice(BUILT_IN_IMPLEMENTATIONS))
        .default('reference'),
    )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--couchdb-url <url>', 'CouchDB base URL, credentials included if needed', parseHttpUrl)
    .option('--db <name>', 'CouchDB database', parseDbName, 'etag-bench')
    .option('--seed <n>', 'create doc-0 … doc-(n-1), group g-(i mod 10)', parseCount, 0)
    .option('--max-pages <n>', 'registry bound (pages kept before LRU eviction)', parsePositiveCount)
    .option('--json', 'print {"url","couchdbUrl","db"} on stdout once ready', false)
    .action((flags: ServeFlags) => serve(flags));
}

async function serve(flags: ServeFlags): Promise<void> {
  const resources = new Resources();
  try {
    let couchdbUrl = flags.couchdbUrl;
    if (couchdbUrl === undefined) {
      const couch = await new EmbeddedCouchDb().start();
      resources.add('the embedded CouchDB', () => couch.stop());
      couchdbUrl = couch.getUrl();
    } else {
      await assertCouchDbReachable(couchdbUrl);
    }
    const seeded = flags.seed > 0 ? await seedDocuments(couchdbUrl, flags.db, flags.seed) : undefined;
    const running = await start(flags, couchdbUrl);
    resources.add(flags.impl, () => running.stop());
    const ready = { url: running.url, couchdbUrl: redactUrl(couchdbUrl), db: flags.db };
    if (flags.json) process.stdout.write(`${JSON.stringify(ready)}\n`);
    else {
      const seedNote = seeded ? `; seeded ${seeded.created} documents, ${seeded.existing} were there already` : '';
      process.stderr.write(`${flags.impl} serving on ${ready.url}\n`);
      process.stderr.write(`CouchDB ${ready.couchdbUrl}, database ${flags.db}${seedNote}\nCtrl-C stops\n`);
    }
    await untilSignal();
  } finally {
    await resources.stopAll();
  }
}

async function start(flags: ServeFlags, couchdbUrl: string): Promise<RunningImplementation> {
  try {
    return await serveImplementation({ ...flags, couchdbUrl });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${flags.port} on ${flags.host} is in use`, { cause: error });
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`cannot listen on ${flags.host}: no such local address`, { cause: error });
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`${flags.impl} did not start: ${reason}`, { cause: error });
  }
}
