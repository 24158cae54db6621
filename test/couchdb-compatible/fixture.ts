// Shared by the embedded CouchDB tests: a started server torn down with the test, plain HTTP helpers that
// expose status and headers, and a raw streaming reader for `_changes` feeds.
import { request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import type { Test } from 'tap';
import { EmbeddedCouchDb, type StartedEmbeddedCouchDb } from '../../harness/couchdb-compatible/embedded-couchdb.js';

export async function startCouch(t: Test, configure?: (c: EmbeddedCouchDb) => EmbeddedCouchDb): Promise<StartedEmbeddedCouchDb> {
  const builder = new EmbeddedCouchDb();
  const couch = await (configure ? configure(builder) : builder).start();
  t.teardown(() => couch.stop());
  return couch;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function http(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A streaming response read as it arrives; `close()` drops the connection like a client going away. */
export interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  text(): string;
  /** Resolves once the received text satisfies `done`; rejects if the response ends first. */
  until(done: (text: string) => boolean): Promise<string>;
  ended: Promise<string>;
  close(): void;
}

export function openStream(base: string, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let received = '';
    let finished = false;
    const waiters: { done: (text: string) => boolean; resolve: (t: string) => void; reject: (e: Error) => void }[] = [];
    const check = (): void => {
      for (const w of [...waiters]) {
        if (w.done(received)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received);
        } else if (finished) {
          waiters.splice(waiters.indexOf(w), 1);
          w.reject(new Error(`response ended before the expected text arrived; got ${JSON.stringify(received)}`));
        }
      }
    };
    let resolveEnded: (t: string) => void = () => undefined;
    const ended = new Promise<string>((r) => (resolveEnded = r));
    const req: ClientRequest = request(base + path, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received += chunk;
        check();
      });
      const finish = (): void => {
        if (finished) return;
        finished = true;
        check();
        resolveEnded(received);
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => received,
        until: (done) =>
          new Promise((res2, rej2) => {
            waiters.push({ done, resolve: res2, reject: rej2 });
            check();
          }),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if (!finished) reject(err);
    });
    req.end();
  });
}

/** Polls `read` until `ok(value)`, for counters that settle asynchronously; fails after `tries` polls. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, tries = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !ok(value); i += 1) {
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}
