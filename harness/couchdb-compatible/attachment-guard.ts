// PouchDB throws asynchronously, out of reach of any try/catch, when an inline attachment's `data` is
// not a string (pouchdb-md5 hashes it): such a document would take the whole process down. Refuse it.
import { isPlainObject, type Refusal } from './http-json.js';

export function attachmentProblem(doc: Record<string, unknown>): Refusal | undefined {
  const attachments = doc['_attachments'];
  if (attachments === undefined) return undefined;
  const bad = (reason: string): Refusal => ({ status: 400, error: 'bad_request', reason });
  if (!isPlainObject(attachments)) return bad('_attachments must be a JSON object');
  for (const [name, att] of Object.entries(attachments)) {
    if (!isPlainObject(att)) return bad(`attachment ${name} must be a JSON object`);
    if (att['stub'] === true) continue;
    if (typeof att['data'] !== 'string') return bad(`attachment ${name} needs base64 "data" (or "stub": true)`);
    if (typeof att['content_type'] !== 'string') return bad(`attachment ${name} needs a "content_type"`);
  }
  return undefined;
}
