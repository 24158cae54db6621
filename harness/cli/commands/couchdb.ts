// `etag-bench couchdb`: the embedded CouchDB-compatible server alone.

import { Command } from 'commander';
import { EmbeddedCouchDb } from '../../couchdb-compatible/embedded-couchdb.js';
import { StartupError } from '../../errors.js';
import { untilSignal } from '../../lifecycle.js';
import { parseAdmin, parsePort, type AdminCredentials } from '../options.js';

interface CouchDbFlags {
  host: string;
  port: number;
  admin?: AdminCredentials;
  dataDir?: string;
  json: boolean;
}

export function couchdbCommand(): Command {
  return new Command('couchdb')
    .description('run the embedded CouchDB-compatible server (in memory, or on disk with --data-dir) alone')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 5984)
    .option('--admin <user:password>', 'require basic auth with these admin credentials', parseAdmin)
    .option('--data-dir <dir>', 'keep the databases on disk under <dir> and open the ones already there')
    .option('--json', 'print {"url"} on stdout once ready', false)
    .action((flags: CouchDbFlags) => runCouchDb(flags));
}

async function runCouchDb(flags: CouchDbFlags): Promise<void> {
  let couch = new EmbeddedCouchDb().withHost(flags.host).withPort(flags.port);
  if (flags.admin) couch = couch.withAdmin(flags.admin.user, flags.admin.password);
  if (flags.dataDir !== undefined) couch = couch.withDataDir(flags.dataDir);
  const started = await couch.start().catch((error: unknown) => {
    // The listen error is the cause: the StartupError's own code is EB_ERR_STARTUP.
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${flags.port} on ${flags.host} is in use`, { cause: error });
    throw error;
  });
  try {
    if (flags.json) process.stdout.write(`${JSON.stringify({ url: started.getUrl() })}\n`);
    else {
      const auth = flags.admin ? ` (admin ${flags.admin.user})` : '';
      process.stderr.write(`embedded CouchDB on ${started.getUrl()}${auth}; Ctrl-C stops\n`);
    }
    await untilSignal();
  } finally {
    // With --data-dir this also closes the databases, so the next server on the dir can take their LOCKs.
    await started.stop();
  }
}
