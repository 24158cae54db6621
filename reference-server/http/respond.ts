// Writing responses on bare node:http (the 304 path is measured against a bare server: no framework).

import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a page's 200 carries and its 304 repeats (RFC 9110 §15.4.5). */
export interface ValidatorHeaders {
  readonly etag?: string;
  readonly cacheControl?: string;
  readonly vary?: string;
}

export const PAGE_CACHE_CONTROL = 'no-cache';
/** Only where a page can be sent in more than one content-coding (the reference): then on every 200 and 304 of it. */
export const PAGE_VARY = 'Accept-Encoding';

const MAX_BODY_BYTES = 1 << 20;

// Pages and 304s pass their headers to writeHead as one flat list: node:http then writes them without the
// per-header object and lower-casing that setHeader costs (headers set earlier with setHeader are kept).
export function sendPage(req: IncomingMessage, res: ServerResponse, body: string | Buffer, headers: ValidatorHeaders, contentEncoding?: 'gzip' | 'br'): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const list = ['Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(bytes.length)];
  if (contentEncoding !== undefined) list.push('Content-Encoding', contentEncoding);
  res.writeHead(200, validatorList(headers, list));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendNotModified(res: ServerResponse, headers: ValidatorHeaders): void {
  res.writeHead(304, validatorList(headers, []));
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: ValidatorHeaders = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', bytes.length);
  setValidators(res, headers);
  res.end(bytes);
}

export function sendError(res: ServerResponse, status: number, error: string, reason: string): void {
  sendJson(res, status, { error, reason });
}

function validatorList(headers: ValidatorHeaders, list: string[]): string[] {
  if (headers.etag !== undefined) list.push('ETag', headers.etag);
  if (headers.cacheControl !== undefined) list.push('Cache-Control', headers.cacheControl);
  if (headers.vary !== undefined) list.push('Vary', headers.vary);
  return list;
}

function setValidators(res: ServerResponse, headers: ValidatorHeaders): void {
  if (headers.etag !== undefined) res.setHeader('ETag', headers.etag);
  if (headers.cacheControl !== undefined) res.setHeader('Cache-Control', headers.cacheControl);
  if (headers.vary !== undefined) res.setHeader('Vary', headers.vary);
}

export class BadRequestBody extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON object body (at most 1 MiB). */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestBody(413, 'the body is larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequestBody(400, 'the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestBody(400, 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
