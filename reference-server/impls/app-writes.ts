// Writes through the app: the document goes to CouchDB as sent, CouchDB's status and body come back,
// and the implementation hears of the new revision so that it can invalidate.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchReply, Database } from '../couch/database.js';
import { matchesCurrent, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';
import { revFromIfMatch } from '../../protocol/http/if-match.js';
import { queryOf } from '../http/route.js';
import { readJsonObject, sendError, sendJson } from '../http/respond.js';

export interface SavedRevision {
  readonly id: string;
  readonly rev: string;
  /** The document as written (undefined for a delete). */
  readonly doc: Record<string, unknown> | undefined;
}

export interface AppWriteOptions {
  /** RFC 9110 §13.1.2: an If-None-Match naming the current ETag (or `*` on an existing doc) → 412. */
  readonly checkIfNoneMatch: boolean;
  /** Called after CouchDB accepted the write and before the client hears of it: invalidate here (a promise
   * is awaited: purging a proxy in front must be done before the write is acknowledged). */
  readonly onSaved: (saved: SavedRevision) => void | Promise<void>;
}

/** Answers 412 when the implementation checks If-None-Match and it names the current revision. */
async function preconditionFailed(req: IncomingMessage, res: ServerResponse, database: Database, id: string, options: AppWriteOptions): Promise<boolean> {
  const condition = parseIfNoneMatch(req.headers['if-none-match']);
  if (!options.checkIfNoneMatch || condition === undefined) return false;
  const rev = await database.currentRev(id);
  if (rev === undefined || !matchesCurrent(condition, `"${rev}"`)) return false;
  sendError(res, 412, 'precondition_failed', 'If-None-Match names the current revision');
  return true;
}

export async function saveThroughApp(req: IncomingMessage, res: ServerResponse, database: Database, id: string, options: AppWriteOptions): Promise<void> {
  if (await preconditionFailed(req, res, database, id, options)) return;
  const doc = await readJsonObject(req);
  const ifMatchRev = revFromIfMatch(req.headers['if-match']);
  if (doc._rev === undefined && ifMatchRev !== undefined) doc._rev = ifMatchRev;
  const reply = await database.put(id, doc);
  await acknowledge(res, reply, doc, options);
}

export async function deleteThroughApp(req: IncomingMessage, res: ServerResponse, database: Database, id: string, options: AppWriteOptions): Promise<void> {
  if (await preconditionFailed(req, res, database, id, options)) return;
  const rev = queryOf(req.url ?? '').get('rev') ?? revFromIfMatch(req.headers['if-match']);
  const reply = await database.delete(id, rev);
  await acknowledge(res, reply, undefined, options);
}

async function acknowledge(res: ServerResponse, reply: CouchReply, doc: Record<string, unknown> | undefined, options: AppWriteOptions): Promise<void> {
  const { id, rev } = (reply.body ?? {}) as { id?: unknown; rev?: unknown };
  const saved = reply.status < 300 && typeof id === 'string' && typeof rev === 'string';
  if (saved) await options.onSaved({ id, rev, doc });
  sendJson(res, reply.status, reply.body, saved ? { etag: `"${rev}"` } : {});
}
