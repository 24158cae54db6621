// Server- and database-level routes: `/`, `/_up`, and `PUT|GET|HEAD|DELETE /{db}` (`update_seq` an opaque
// seq, the database list per server).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dbNameProblem } from './db-name.js';
import type { DbRegistry } from './db-registry.js';
import { DB_MISSING, pouchErrorRefusal, sendJson, sendRefusal } from './http-json.js';
import { encodeSeq, newSeqSalt } from './seq-codec.js';

export const SERVER_VERSION = '3.x-compatible';

export function sendWelcome(res: ServerResponse): void {
  sendJson(res, 200, {
    couchdb: 'Welcome',
    version: SERVER_VERSION,
    vendor: { name: 'etag-bench embedded' },
    features: [],
  });
}

export function sendUp(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

export async function createDatabase(req: IncomingMessage, res: ServerResponse, registry: DbRegistry, name: string): Promise<void> {
  const problem = dbNameProblem(name);
  if (problem) return sendRefusal(res, { status: 400, error: 'illegal_database_name', reason: problem });
  if (!(await registry.create(name))) {
    return sendRefusal(res, {
      status: 412,
      error: 'file_exists',
      reason: 'The database could not be created, the file already exists.',
    });
  }
  const host = req.headers.host ?? 'localhost';
  sendJson(res, 201, { ok: true }, { Location: `http://${host}/${encodeURIComponent(name)}` });
}

export async function deleteDatabase(res: ServerResponse, registry: DbRegistry, name: string, query: URLSearchParams): Promise<void> {
  if (query.has('rev')) {
    return sendRefusal(res, {
      status: 400,
      error: 'bad_request',
      reason: 'You tried to DELETE a database with a ?rev= parameter. Did you mean to DELETE a document instead?',
    });
  }
  if (!(await registry.destroy(name))) return sendRefusal(res, DB_MISSING);
  sendJson(res, 200, { ok: true });
}

export async function databaseInfo(res: ServerResponse, registry: DbRegistry, name: string): Promise<void> {
  const db = registry.get(name);
  if (!db) return sendRefusal(res, DB_MISSING);
  try {
    const info = await db.info();
    const salt = newSeqSalt();
    sendJson(res, 200, {
      db_name: name,
      update_seq: encodeSeq(info.update_seq, salt),
      purge_seq: encodeSeq(0, salt),
      doc_count: info.doc_count,
      sizes: { file: 0, external: 0, active: 0 },
      props: {},
      compact_running: false,
      instance_start_time: '0',
      cluster: { q: 1, n: 1, w: 1, r: 1 },
    });
  } catch (err) {
    sendRefusal(res, pouchErrorRefusal(err));
  }
}
