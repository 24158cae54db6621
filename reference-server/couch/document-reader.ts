// Reads one document by id on a kept-alive node:http(s) agent: the render path's only CouchDB request. nano goes
// through fetch (undici), which cost 700–1,200 µs of CPU per read here against CouchDB's own ~100 µs (profiled
// with --cpu-prof for `npm run bench`'s 200 path); a plain request on a pooled socket does the same job for a
// fraction. Errors look like nano's (`statusCode`, `scope: 'couch'`), so callers treat both alike.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** CouchDB answered with an error status (what nano throws, in the fields statusOf() reads). */
export class CouchStatusError extends Error {
  readonly scope = 'couch';
  constructor(
    readonly statusCode: number,
    readonly error: string | undefined,
    readonly reason: string | undefined,
  ) {
    super(`CouchDB answered ${statusCode}${error === undefined ? '' : ` ${error}`}${reason === undefined ? '' : `: ${reason}`}`);
  }
}

export class DocumentReader {
  readonly #target: { protocol: string; hostname: string; port: string };
  /** `/<db>/`, encoded: each id is appended encoded, never resolved as a URL (an id `..` stays an id). */
  readonly #dbPath: string;
  readonly #authorization: string | undefined;
  readonly #request: typeof httpRequest;
  readonly #agent: HttpAgent;

  constructor(couchdbUrl: string, db: string) {
    const url = new URL(couchdbUrl);
    this.#authorization =
      url.username === '' ? undefined : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    this.#target = { protocol: url.protocol, hostname: url.hostname, port: url.port };
    this.#dbPath = `${url.pathname.replace(/\/$/, '')}/${encodeURIComponent(db)}/`;
    const https = url.protocol === 'https:';
    this.#request = https ? httpsRequest : httpRequest;
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** The current document, or undefined when it is missing or deleted (CouchDB's 404). */
  get(id: string): Promise<Record<string, unknown> | undefined> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#authorization !== undefined) headers.authorization = this.#authorization;
      const options = { ...this.#target, path: this.#dbPath + encodeURIComponent(id), agent: this.#agent, headers };
      const req = this.#request(options, (res) => {
        readJson(res).then((body) => {
          if (res.statusCode === 200) return resolve(body as Record<string, unknown>);
          if (res.statusCode === 404) return resolve(undefined);
          const { error, reason } = (body ?? {}) as { error?: unknown; reason?: unknown };
          reject(new CouchStatusError(res.statusCode ?? 0, typeof error === 'string' ? error : undefined, typeof reason === 'string' ? reason : undefined));
        }, reject);
      });
      req.once('error', reject);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function readJson(res: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('error', reject);
    res.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        reject(new Error(`CouchDB answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 80)}`));
      }
    });
  });
}
