// One request to the implementation on node:http: the request target goes out exactly as written (fetch
// would normalise `%2E%2E` and refuse some header values), with a timeout so that a hang is an answer too.

import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export const REQUEST_TIMEOUT_MS = 5000;
const MAX_BODY_BYTES = 1 << 20;

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Exchange {
  readonly request: SentRequest;
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The content as a client reads it: decoded from its Content-Encoding (gzip, br, deflate) when it has one. */
  readonly body: string;
  /** Why the body could not be decoded from its Content-Encoding (the body is then the bytes as sent). */
  readonly undecodable?: string;
}

/** Thrown when there is no answer: refused, reset, or nothing within the timeout. */
export class NoAnswerError extends Error {}

export function exchange(baseUrl: string, sent: SentRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Exchange> {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...sent.headers };
    if (sent.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(sent.body);
    }
    const wire: Buffer[] = [];
    const req = request(
      { protocol: base.protocol, hostname: base.hostname, port: base.port, method: sent.method, path: prefix + sent.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          // node's parser drops whatever follows a 304's or a HEAD's header block: read it from the wire.
          if (res.statusCode === 304 || sent.method === 'HEAD') chunks.push(bytesAfterHead(Buffer.concat(wire)));
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ request: sent, status: res.statusCode ?? 0, headers: flat, ...decoded(Buffer.concat(chunks), flat['content-encoding']) });
        });
        res.on('error', (error) => fail(error.message));
      },
    );
    const fail = (reason: string): void => {
      clearTimeout(timer);
      req.destroy();
      reject(new NoAnswerError(reason));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      // node's parser refuses bytes after a head that allows no content; the head itself is still an answer.
      const raw = (error.code ?? '').startsWith('HPE_') ? rawResponse(Buffer.concat(wire), sent) : undefined;
      if (raw === undefined) return fail(error.code ?? error.message);
      clearTimeout(timer);
      resolve(raw);
    });
    // Before the parser's own listener, so that the bytes are here when it reports an error on them.
    req.on('socket', (socket) => socket.prependListener('data', (chunk: Buffer) => wire.length < 64 && wire.push(chunk)));
    req.end(sent.body);
  });
}

const DECODERS: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
  identity: (bytes) => bytes,
};

/** The body as a client reads it: each coding of Content-Encoding undone, last applied first. */
function decoded(bytes: Buffer, contentEncoding: string | undefined): { body: string; undecodable?: string } {
  if (contentEncoding === undefined || bytes.length === 0) return { body: bytes.toString('utf8') };
  let content = bytes;
  for (const coding of contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .reverse()) {
    const decode = DECODERS[coding];
    if (decode === undefined) return { body: bytes.toString('utf8'), undecodable: `Content-Encoding ${coding} is not one the harness knows` };
    try {
      content = decode(content);
    } catch (error) {
      return { body: bytes.toString('utf8'), undecodable: `the body is not valid ${coding}: ${(error as Error).message}` };
    }
  }
  return { body: content.toString('utf8') };
}

/** What a response without content carried after its header block (nothing, when it is right). */
function bytesAfterHead(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end === -1 ? Buffer.alloc(0) : raw.subarray(end + 4);
}

/** A response read from the wire when node's parser gave up on it (status line, headers, what follows). */
function rawResponse(raw: Buffer, sent: SentRequest): Exchange | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { request: sent, status, headers, body: bytesAfterHead(raw).toString('utf8') };
}
