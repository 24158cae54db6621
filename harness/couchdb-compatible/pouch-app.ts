// express-pouchdb, configured to write nothing to disk: mode 'minimumForPouchDB' leaves out the config
// file (config.json), the log file (log.txt) and everything built on them (auth, replicator, vhosts…).
// Its routes for `/`, `_changes` and response compression are left out too: the front router serves the
// first two, and compression only costs CPU on loopback.
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-json.js';
import type { PouchConstructor } from './pouch-types.js';

const require = createRequire(import.meta.url);

export interface PouchApp {
  (req: IncomingMessage, res: ServerResponse): void;
  setPouchDB(Pouch: PouchConstructor): PromiseLike<unknown>;
  disable(setting: string): void;
  use(middleware: (err: unknown, req: IncomingMessage, res: ServerResponse, next: () => void) => void): void;
}

type ExpressPouchDb = (opts: Record<string, unknown>) => PouchApp;

export async function createPouchApp(Pouch: PouchConstructor): Promise<PouchApp> {
  const expressPouchDb = require('express-pouchdb') as ExpressPouchDb;
  const app = expressPouchDb({
    mode: 'minimumForPouchDB',
    overrideMode: { exclude: ['compression', 'routes/root', 'routes/changes'] },
  });
  app.disable('x-powered-by');
  // Express's default error handler answers an HTML stack trace: answer CouchDB's JSON instead.
  // (Four parameters is how Express recognises an error handler.)
  app.use((err, _req, res, _next) => {
    const reason = err instanceof Error ? err.message : String(err);
    sendJson(res, 500, { error: 'unknown_error', reason });
  });
  await app.setPouchDB(Pouch);
  return app;
}
