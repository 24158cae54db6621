// Writes through the app: the document goes to CouchDB as sent, CouchDB's status and body come back,
// and the implementation hears of the new revision so that it can invalidate.
//
// Preconditions (RFC 9110 §13.2.2 order: If-Match, then If-None-Match), each where the implementation's design
// has it:
//  - checkIfMatch (the reference): If-Match is evaluated before anything is written (§13.1.1), by STRONG
//    comparison with the document's current revision as `"<rev>"`, any content-coding's ETag of it included
//    (`"<rev>-gzip"`: the precondition is about the document's state, whichever coding the page was read in).
//    False → 412, and CouchDB is never asked to write: a list with no tag that could be a revision
//    (`"wrong"`, weak tags only) is 412 without asking CouchDB anything. `*` holds when the document exists.
//    True → the matching revision is the one written over (the body's `_rev` when it has one). A write that
//    CouchDB refuses with 409 under a true If-Match lost a race with another write: the condition is false by
//    then, so 412 as well. A DELETE without `?rev=` takes the revision If-Match named; with neither it is 428
//    Precondition Required (RFC 6585 §3) rather than CouchDB's 409: nothing conflicts, the client did not say
//    which revision it means to delete. On a missing document a DELETE is 404 whatever If-Match says (§13.2.1:
//    preconditions are ignored where the answer without them would not be 2xx); a PUT is 412 (it would create).
//  - otherwise If-Match is passed on as CouchDB reads it: the revision to update (revFromIfMatch).
//  - checkIfNoneMatch: naming the current ETag (or `*` on an existing doc) → 412 (§13.1.2).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchReply, Database } from '../couch/database.js';
import { type IfNoneMatch, matchesCurrent, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';
import { type IfMatch, parseIfMatch, revFromIfMatch } from '../../protocol/http/if-match.js';
import { queryOf } from '../http/route.js';
import { readJsonObject, sendError, sendJson } from '../http/respond.js';
import { codingOfTag, suffixLength } from '../registry/coded-etag.js';

export interface SavedRevision {
  readonly id: string;
  readonly rev: string;
  /** The document as written (undefined for a delete). */
  readonly doc: Record<string, unknown> | undefined;
}

export interface AppWriteOptions {
  /** RFC 9110 §13.1.2: an If-None-Match naming the current ETag (or `*` on an existing doc) → 412. */
  readonly checkIfNoneMatch: boolean;
  /** RFC 9110 §13.1.1: If-Match evaluated by the app (412 when false, 428 for a DELETE naming no revision). */
  readonly checkIfMatch?: boolean;
  /** Called after CouchDB accepted the write and before the client hears of it: invalidate here (a promise
   * is awaited: purging a proxy in front must be done before the write is acknowledged). */
  readonly onSaved: (saved: SavedRevision) => void | Promise<void>;
}

/** What the preconditions decided: answered already, or go on (with the revision If-Match named, if any). */
type Decision = { readonly answered: true } | { readonly answered: false; readonly rev?: string };

const ANSWERED: Decision = { answered: true };
const GO_ON: Decision = { answered: false };
// A CouchDB revision: `<generation>-<hex>`.
const REVISION = /^[1-9]\d*-[0-9a-f]+$/;

async function preconditions(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  id: string,
  options: AppWriteOptions,
  method: 'PUT' | 'DELETE',
): Promise<Decision> {
  const ifMatch = options.checkIfMatch === true ? parseIfMatch(req.headers['if-match']) : undefined;
  const ifNoneMatch = options.checkIfNoneMatch ? parseIfNoneMatch(req.headers['if-none-match']) : undefined;
  if (ifMatch === undefined && ifNoneMatch === undefined) return GO_ON;
  if (ifMatch !== undefined && !ifMatch.any && !ifMatch.tags.some((tag) => REVISION.test(baseOf(tag)))) {
    sendError(res, 412, 'precondition_failed', 'If-Match names no revision of this document');
    return ANSWERED;
  }
  const current = await database.currentRev(id);
  let rev: string | undefined;
  if (ifMatch !== undefined) {
    if (current === undefined) {
      if (method === 'DELETE') return GO_ON; // CouchDB's 404: §13.2.1
      sendError(res, 412, 'precondition_failed', 'If-Match: the document does not exist');
      return ANSWERED;
    }
    rev = matchingRevision(ifMatch, current);
    if (rev === undefined) {
      sendError(res, 412, 'precondition_failed', `If-Match does not name the current revision`);
      return ANSWERED;
    }
  }
  if (ifNoneMatch !== undefined && current !== undefined && namesRevision(ifNoneMatch, current, options.checkIfMatch === true)) {
    sendError(res, 412, 'precondition_failed', 'If-None-Match names the current revision');
    return ANSWERED;
  }
  return rev === undefined ? GO_ON : { answered: false, rev };
}

/** If-None-Match names the revision (weak comparison; with `anyCoding`, a content-coding's ETag of it too). */
function namesRevision(condition: IfNoneMatch, rev: string, anyCoding: boolean): boolean {
  if (!anyCoding || condition.any) return matchesCurrent(condition, `"${rev}"`);
  return condition.tags.some((tag) => baseOf(tag) === rev);
}

/** The opaque-tag without a content-coding suffix (`1-abc-gzip` → `1-abc`). */
const baseOf = (tag: string): string => tag.slice(0, tag.length - suffixLength(codingOfTag(tag)));

function matchingRevision(condition: IfMatch, current: string): string | undefined {
  if (condition.any) return current;
  return condition.tags.some((tag) => baseOf(tag) === current) ? current : undefined;
}

export async function saveThroughApp(req: IncomingMessage, res: ServerResponse, database: Database, id: string, options: AppWriteOptions): Promise<void> {
  const decision = await preconditions(req, res, database, id, options, 'PUT');
  if (decision.answered) return;
  const doc = await readJsonObject(req);
  const rev = options.checkIfMatch === true ? decision.rev : revFromIfMatch(req.headers['if-match']);
  if (doc._rev === undefined && rev !== undefined) doc._rev = rev;
  const reply = await database.put(id, doc);
  await acknowledge(res, reply, doc, options, decision.rev !== undefined && doc._rev === decision.rev);
}

export async function deleteThroughApp(req: IncomingMessage, res: ServerResponse, database: Database, id: string, options: AppWriteOptions): Promise<void> {
  const decision = await preconditions(req, res, database, id, options, 'DELETE');
  if (decision.answered) return;
  const query = queryOf(req.url ?? '').get('rev') ?? undefined;
  const rev = query ?? (options.checkIfMatch === true ? decision.rev : revFromIfMatch(req.headers['if-match']));
  if (rev === undefined && options.checkIfMatch === true && (await database.currentRev(id)) !== undefined) {
    sendError(res, 428, 'precondition_required', 'say which revision to delete: If-Match: "<rev>" (the page\'s ETag) or ?rev=<rev>');
    return;
  }
  const reply = await database.delete(id, rev);
  await acknowledge(res, reply, undefined, options, decision.rev !== undefined && rev === decision.rev);
}

async function acknowledge(
  res: ServerResponse,
  reply: CouchReply,
  doc: Record<string, unknown> | undefined,
  options: AppWriteOptions,
  underIfMatch: boolean,
): Promise<void> {
  if (underIfMatch && reply.status === 409) {
    sendError(res, 412, 'precondition_failed', 'If-Match: the document changed before the write reached CouchDB');
    return;
  }
  const { id, rev } = (reply.body ?? {}) as { id?: unknown; rev?: unknown };
  const saved = reply.status < 300 && typeof id === 'string' && typeof rev === 'string';
  if (saved) await options.onSaved({ id, rev, doc });
  sendJson(res, reply.status, reply.body, saved ? { etag: `"${rev}"` } : {});
}
