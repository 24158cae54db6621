// Reads one document by id on a pool of kept-alive connections (undici's Pool, through its dispatch API): the
// render path's only CouchDB request. nano goes through fetch (undici's WHATWG layer: Request/Response objects,
// web streams, abort signals), which cost 700–1,200 µs of CPU per read here against CouchDB's own ~100 µs;
// node:http's client cost ~280 µs (profiled with --cpu-prof for `npm run bench`'s 200 path); dispatch hands
// back status and body chunks with none of that. Errors look like nano's (`statusCode`, `scope: 'couch'`), so
// callers treat both alike; a transport failure is a CouchUnreachableError (the server answers 502).

import { Pool, type Dispatcher } from 'undici';

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

/** CouchDB could not be reached or dropped the connection (refused, reset, timed out). */
export class CouchUnreachableError extends Error {
  readonly scope = 'couch';
  constructor(cause: Error) {
    const code = (cause as { code?: unknown }).code;
    super(`${cause.message}${typeof code === 'string' && !cause.message.includes(code) ? ` (${code})` : ''}`, { cause });
  }
}

const READ_TIMEOUT_MS = 30_000;

export class DocumentReader {
  readonly #pool: Pool;
  /** `/<db>/`, encoded: each id is appended encoded, never resolved as a URL (an id `..` stays an id). */
  readonly #dbPath: string;
  readonly #headers: Record<string, string>;

  constructor(couchdbUrl: string, db: string) {
    const url = new URL(couchdbUrl);
    this.#headers = { accept: 'application/json' };
    if (url.username !== '') {
      this.#headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    this.#dbPath = `${url.pathname.replace(/\/$/, '')}/${encodeURIComponent(db)}/`;
    this.#pool = new Pool(url.origin, { headersTimeout: READ_TIMEOUT_MS, bodyTimeout: READ_TIMEOUT_MS });
  }

  /** The current document, or undefined when it is missing or deleted (CouchDB's 404). */
  get(id: string): Promise<Record<string, unknown> | undefined> {
    return new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      const handler: Dispatcher.DispatchHandler = {
        // Its presence selects undici's current handler API.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            return reject(new Error(`CouchDB answered ${status} with a body that is not JSON: ${text.slice(0, 80)}`));
          }
          if (status === 200) return resolve(body as Record<string, unknown>);
          if (status === 404) return resolve(undefined);
          const { error, reason } = (body ?? {}) as { error?: unknown; reason?: unknown };
          reject(new CouchStatusError(status, typeof error === 'string' ? error : undefined, typeof reason === 'string' ? reason : undefined));
        },
        onResponseError(_controller, error) {
          reject(new CouchUnreachableError(error));
        },
      };
      this.#pool.dispatch({ method: 'GET', path: this.#dbPath + encodeURIComponent(id), headers: this.#headers }, handler);
    });
  }

  close(): void {
    void this.#pool.destroy();
  }
}
