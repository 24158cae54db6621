// JSON in and out, the way CouchDB answers: `{"error","reason"}` bodies, never an HTML page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PouchError } from './pouch-types.js';

/** An answer that refuses a request, as CouchDB words it. */
export interface Refusal {
  status: number;
  error: string;
  reason: string;
}

export const DB_MISSING: Refusal = { status: 404, error: 'not_found', reason: 'Database does not exist.' };
export const CONFLICT: Refusal = { status: 409, error: 'conflict', reason: 'Document update conflict.' };
/** CouchDB's answer for a path it has no handler for. */
export const NOT_FOUND: Refusal = { status: 404, error: 'not_found', reason: 'missing' };
export const INVALID_JSON: Refusal = { status: 400, error: 'bad_request', reason: 'invalid UTF-8 JSON' };
export const NOT_AN_OBJECT: Refusal = { status: 400, error: 'bad_request', reason: 'Request body must be a JSON object' };

/** A known path asked with a method it does not serve; `allowed` as CouchDB lists it ("GET,HEAD"). */
export function methodNotAllowed(allowed: string): Refusal {
  return { status: 405, error: 'method_not_allowed', reason: `Only ${allowed} allowed` };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // A streamed response already started: all that is left is to end it.
    res.end();
    return;
  }
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'must-revalidate',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export function sendRefusal(res: ServerResponse, refusal: Refusal, headers: Record<string, string> = {}): void {
  sendJson(res, refusal.status, { error: refusal.error, reason: refusal.reason }, headers);
}

/** Maps a PouchDB rejection to CouchDB's status and body; anything else is a 500. */
export function pouchErrorRefusal(err: unknown): Refusal {
  const e = (typeof err === 'object' && err !== null ? err : {}) as PouchError;
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
  // CouchDB's wording ends with a period; PouchDB's does not.
  if (e.name === 'conflict') return CONFLICT;
  const reason = e.reason ?? e.message ?? String(err);
  if (status === 500 || !e.name || e.name === 'Error' || e.name === 'TypeError') {
    return { status, error: status === 500 ? 'unknown_error' : 'bad_request', reason };
  }
  return { status, error: e.name, reason };
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads a request body whole (an attachment's bytes, or JSON to parse). */
export async function readBody(req: IncomingMessage): Promise<{ bytes: Buffer } | Refusal> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return { status: 413, error: 'too_large', reason: 'the request entity is too large' };
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks) };
}

/** Reads a JSON request body; an empty body reads as undefined. */
export async function readJsonBody(req: IncomingMessage): Promise<{ value: unknown } | Refusal> {
  const body = await readBody(req);
  if (!('bytes' in body)) return body;
  const text = body.bytes.toString('utf8');
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return INVALID_JSON;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
