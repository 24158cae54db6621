// GET/HEAD/PUT/DELETE of one attachment, /{db}/{id}/{name} or /{db}/_design/{ddoc}/{name}, as CouchDB 3:
// the bytes with their content type and `ETag: "<base64 md5>"` (304 on a match); writes name the rev as
// document writes do (`?rev=` or If-Match). A write goes through the document, the attachment inline in
// base64: the one form of attachment this server takes (attachment-guard.ts).
import { matchesCurrent, parseIfNoneMatch } from '../../protocol/http/if-none-match.js';
import { type DocumentRequest, requestedRev, writeRefusal } from './document-routes.js';
import { CONFLICT, isPlainObject, pouchErrorRefusal, readBody, sendJson, sendRefusal, type Refusal } from './http-json.js';
import type { Doc } from './pouch-types.js';

export interface AttachmentRequest extends DocumentRequest {
  /** The attachment's name, decoded (it may contain "/"). */
  name: string;
}

const MISSING_ATTACHMENT: Refusal = { status: 404, error: 'not_found', reason: 'Document is missing attachment' };

function attachmentsOf(doc: Doc): Record<string, unknown> {
  return isPlainObject(doc._attachments) ? { ...doc._attachments } : {};
}

export async function getAttachment(r: AttachmentRequest): Promise<void> {
  const rev = r.query.get('rev');
  const opts = rev === null ? {} : { rev };
  let info: Record<string, unknown>;
  let data: Buffer;
  // One read of the document, whose attachment comes with it (CouchDB's couch_doc_open).
  r.counters.documentsOpened();
  try {
    const found = attachmentsOf(await r.db.get(r.id, opts))[r.name];
    if (!isPlainObject(found)) return sendRefusal(r.res, MISSING_ATTACHMENT);
    info = found;
    data = await r.db.getAttachment(r.id, r.name, opts);
  } catch (err) {
    return sendRefusal(r.res, pouchErrorRefusal(err));
  }
  const etag = `"${String(info['digest'] ?? '').replace(/^md5-/, '')}"`;
  const headers = { ETag: etag, 'Cache-Control': 'must-revalidate' };
  const condition = parseIfNoneMatch(r.req.headers['if-none-match']);
  if (condition !== undefined && matchesCurrent(condition, etag)) {
    r.res.writeHead(304, headers);
    r.res.end();
    return;
  }
  const type = typeof info['content_type'] === 'string' ? info['content_type'] : 'application/octet-stream';
  r.res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(data.length) });
  r.res.end(r.req.method === 'HEAD' ? undefined : data);
}

/** The document revision a write names, opened; a write without a rev starts a new document. */
async function openForWrite(r: AttachmentRequest, rev: string | undefined): Promise<{ doc: Doc } | Refusal> {
  if (rev === undefined) return { doc: { _id: r.id } };
  r.counters.documentsOpened();
  try {
    return { doc: await r.db.get(r.id, { rev }) };
  } catch (err) {
    return pouchErrorRefusal(err);
  }
}

async function write(r: AttachmentRequest, doc: Doc, status: number, headers: Record<string, string>): Promise<void> {
  try {
    const result = await r.db.put(doc);
    r.counters.databaseChanged();
    sendJson(r.res, status, { ok: true, id: result.id, rev: result.rev }, headers);
  } catch (err) {
    sendRefusal(r.res, writeRefusal(r.counters, err));
  }
}

export async function putAttachment(r: AttachmentRequest): Promise<void> {
  if (r.name.startsWith('_')) {
    return sendRefusal(r.res, { status: 400, error: 'bad_request', reason: `Attachment name '${r.name}' starts with prohibited character '_'` });
  }
  const rev = requestedRev(r, undefined);
  if (!('rev' in rev)) return sendRefusal(r.res, rev);
  const body = await readBody(r.req);
  if (!('bytes' in body)) return sendRefusal(r.res, body);
  const opened = await openForWrite(r, rev.rev);
  if (!('doc' in opened)) return sendRefusal(r.res, opened);
  const attachments = attachmentsOf(opened.doc);
  attachments[r.name] = { content_type: r.req.headers['content-type'] ?? 'application/octet-stream', data: body.bytes.toString('base64') };
  const host = r.req.headers.host ?? 'localhost';
  const path = [r.dbName, ...r.id.split('/'), ...r.name.split('/')].map(encodeURIComponent).join('/');
  await write(r, { ...opened.doc, _attachments: attachments }, 201, { Location: `http://${host}/${path}` });
}

export async function deleteAttachment(r: AttachmentRequest): Promise<void> {
  const rev = requestedRev(r, undefined);
  if (!('rev' in rev)) return sendRefusal(r.res, rev);
  if (rev.rev === undefined) {
    // CouchDB opens the document first: a missing one is a 404, an existing one without a rev a conflict
    // (found by the database, so a write is counted as well as the read).
    r.counters.documentsOpened();
    try {
      await r.db.get(r.id);
    } catch (err) {
      return sendRefusal(r.res, pouchErrorRefusal(err));
    }
    r.counters.databaseChanged();
    return sendRefusal(r.res, CONFLICT);
  }
  const opened = await openForWrite(r, rev.rev);
  if (!('doc' in opened)) return sendRefusal(r.res, opened);
  const { _attachments: _old, ...doc } = opened.doc;
  const attachments = attachmentsOf(opened.doc);
  delete attachments[r.name];
  await write(r, Object.keys(attachments).length > 0 ? { ...doc, _attachments: attachments } : doc, 200, {});
}
