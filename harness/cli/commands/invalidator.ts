// `etag-bench invalidator`: follows a CouchDB `_changes` feed and purges a caching proxy by document id
// (xkey tags for Varnish, page URLs for nginx). Prints one JSON line {"since"} on stdout once the feed is
// live; runs until Ctrl-C / SIGTERM, then prints what it did on stderr.

import { Command, Option } from 'commander';
import { StartupError } from '../../errors.js';
import { Invalidator } from '../../../reference-server/invalidator/invalidator.js';
import { redactUrl } from '../../redact.js';
import { untilSignal } from '../../lifecycle.js';
import { parseChoice, parseCount, parseDbName, parseHttpUrl } from '../options.js';

interface InvalidatorFlags {
  couchdbUrl: string;
  db: string;
  purge: string;
  purgeStyle: 'xkey' | 'url' | 'refresh';
  since?: string;
  repeatMs: number;
}

export function invalidatorCommand(): Command {
  return (
    new Command('invalidator')
      .description('follow a CouchDB _changes feed and purge a caching proxy by document id')
      // From the environment too: a password on a command line is visible to every user of the machine (ps).
      .addOption(
        new Option('--couchdb-url <url>', 'CouchDB base URL (credentials in the URL; or COUCHDB_URL)')
          .env('COUCHDB_URL')
          .argParser(parseHttpUrl)
          .makeOptionMandatory(),
      )
      .requiredOption('--db <name>', 'the database to follow', parseDbName)
      .requiredOption('--purge <url>', 'the proxy to purge (PURGE requests go there)', parseHttpUrl)
      .addOption(
        new Option(
          '--purge-style <style>',
          'xkey: PURGE with xkey-purge: <doc id> (Varnish + varnish-modules); url: PURGE /doc/{id} and /group/{g} (Varnish, cache-purge modules); refresh: GET them with X-Etag-Bench-Refresh: 1 (the nginx config etag-bench writes)',
        )
          .argParser(parseChoice(['xkey', 'url', 'refresh']))
          .default('url'),
      )
      .option('--since <seq>', 'resume after this seq (printed by an earlier run); default: from now')
      .option('--repeat-ms <ms>', 'repeat each purge once after this delay, for a render that raced it (0: never)', parseCount, 250)
      .action((flags: InvalidatorFlags) => invalidate(flags))
  );
}

async function invalidate(flags: InvalidatorFlags): Promise<void> {
  const invalidator = new Invalidator({
    couchdbUrl: flags.couchdbUrl,
    db: flags.db,
    purgeUrl: flags.purge,
    style: flags.purgeStyle,
    since: flags.since,
    repeatMs: flags.repeatMs,
  });
  try {
    await invalidator.start();
  } catch (error) {
    await invalidator.stop().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`invalidator: cannot follow ${redactUrl(flags.couchdbUrl)} database ${flags.db}: ${reason}`, { cause: error });
  }
  try {
    process.stdout.write(`${JSON.stringify({ since: invalidator.status.since })}\n`);
    await untilSignal();
  } finally {
    await invalidator.stop();
    const { changes, since, purges } = invalidator.status;
    process.stderr.write(
      `invalidator: ${changes} changes, ${purges.sent} purges answered, ${purges.failed} failed${purges.lastError ? ` (last: ${purges.lastError})` : ''}; resume with --since ${JSON.stringify(since)}\n`,
    );
  }
}
