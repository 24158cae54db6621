// POST /{db}/_revs_diff (replication asking which revisions the target lacks): `{id: [revs]}` in,
// `{id: {missing: [revs]}}` out for the ids with anything missing. The body is checked first: PouchDB
// throws out of reach of any handler, ending the process, when a value is not a list.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject, NOT_AN_OBJECT, pouchErrorRefusal, readJsonBody, sendJson, sendRefusal } from './http-json.js';
import type { PouchDatabase } from './pouch-types.js';

export async function serveRevsDiff(req: IncomingMessage, res: ServerResponse, db: PouchDatabase): Promise<void> {
  const body = await readJsonBody(req);
  if (!('value' in body)) return sendRefusal(res, body);
  if (!isPlainObject(body.value)) return sendRefusal(res, NOT_AN_OBJECT);
  const revs: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(body.value)) {
    if (!Array.isArray(list) || !list.every((rev) => typeof rev === 'string')) {
      return sendRefusal(res, { status: 400, error: 'bad_request', reason: `the revisions of ${JSON.stringify(id)} must be a list of strings` });
    }
    revs[id] = list;
  }
  try {
    // CouchDB lists only the ids with something missing.
    const diff = Object.entries(await db.revsDiff(revs)).filter(([, entry]) => entry.missing.length > 0);
    sendJson(res, 200, Object.fromEntries(diff));
  } catch (err) {
    sendRefusal(res, pouchErrorRefusal(err));
  }
}
