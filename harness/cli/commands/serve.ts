// `etag-bench serve`: one implementation standalone, on the embedded CouchDB unless given one.

import { Command, Option } from 'commander';
import { BUILT_IN_IMPLEMENTATIONS } from '../../../reference-server/impls/index.js';
import { serveImplementation, type RunningImplementation } from '../../../reference-server/server.js';
import { connectExternalEnvironment } from '../../environment/external-environment.js';
import { EmbeddedCouchDb } from '../../couchdb-compatible/embedded-couchdb.js';
import { seedDocuments } from '../../environment/seed-documents.js';
import { InvalidOptionError, StartupError } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import { Resources, untilSignal } from '../../lifecycle.js';
import { parseChoice, parseCount, parseDbName, parseHttpUrl, parsePort, parsePositiveCount } from '../options.js';

interface ServeFlags {
  impl: string;
  host: string;
  port: number;
  env: 'auto' | 'embedded' | 'external';
  couchdbUrl?: string;
  db?: string;
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
    .addOption(
      new Option('-e, --env <kind>', 'where CouchDB comes from: auto, embedded, external')
        .argParser(parseChoice(['auto', 'embedded', 'external']))
        .default('auto'),
    )
    .option('--couchdb-url <url>', 'CouchDB base URL for --env external, credentials included if needed', parseHttpUrl)
    .option('--db <name>', 'CouchDB database (embedded default: etag-bench; external default: a new one, deleted on exit)', parseDbName)
    .option('--seed <n>', 'create doc-0 … doc-(n-1), group g-(i mod 10)', parseCount, 0)
    .option('--max-pages <n>', 'registry bound (pages kept before LRU eviction)', parsePositiveCount)
    .option('--json', 'print {"url","couchdbUrl","db"} on stdout once ready', false)
    .action((flags: ServeFlags) => serve(flags));
}

async function serve(flags: ServeFlags): Promise<void> {
  const resources = new Resources();
  try {
    const kind = flags.env === 'auto' ? (flags.couchdbUrl === undefined ? 'embedded' : 'external') : flags.env;
    let couchdbUrl: string;
    let db: string;
    if (kind === 'embedded') {
      if (flags.couchdbUrl !== undefined) throw new InvalidOptionError('--couchdb-url', flags.couchdbUrl, 'usable with --env embedded (use --env external)');
      const couch = await new EmbeddedCouchDb().start();
      resources.add('the embedded CouchDB', () => couch.stop());
      couchdbUrl = couch.getUrl();
      db = flags.db ?? 'etag-bench';
    } else {
      if (flags.couchdbUrl === undefined) throw new InvalidOptionError('--env', 'external', 'usable without --couchdb-url');
      const environment = await connectExternalEnvironment(flags.couchdbUrl, flags.db);
      const database = await environment.database('serve');
      resources.add(`database ${database.name}`, () => database.release());
      couchdbUrl = flags.couchdbUrl;
      db = database.name;
    }
    const seeded = flags.seed > 0 ? await seedDocuments(couchdbUrl, db, flags.seed) : undefined;
    const running = await start({ ...flags, db }, couchdbUrl);
    resources.add(flags.impl, () => running.stop());
    const ready = { url: running.url, couchdbUrl: redactUrl(couchdbUrl), db };
    if (flags.json) process.stdout.write(`${JSON.stringify(ready)}\n`);
    else {
      const seedNote = seeded ? `; seeded ${seeded.created} documents, ${seeded.existing} were there already` : '';
      process.stderr.write(`${flags.impl} serving on ${ready.url}\n`);
      process.stderr.write(`CouchDB ${ready.couchdbUrl}, database ${db}${seedNote}\nCtrl-C stops\n`);
    }
    await untilSignal();
  } finally {
    await resources.stopAll();
  }
}

async function start(flags: ServeFlags & { db: string }, couchdbUrl: string): Promise<RunningImplementation> {
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
