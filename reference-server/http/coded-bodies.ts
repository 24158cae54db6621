// A page's body as bytes, per content-coding, for its current ETag: compressed once per revision (node's zlib),
// not once per 200. One entry per page (an older ETag's bodies are dropped when a newer one comes), pages
// evicted least recently used beyond a byte budget. Only 200s read it: a 304 has no body.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Coding } from '../registry/coded-etag.js';

export const DEFAULT_MAX_BODY_BYTES = 32 << 20;

// Quality 5: within a few per cent of the best ratio on small HTML pages, at a fraction of quality 11's time.
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

interface Entry {
  readonly etag: string;
  readonly identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  bytes: number;
}

export class CodedBodies {
  readonly #pages = new Map<string, Entry>();
  #bytes = 0;

  constructor(readonly maxBytes = DEFAULT_MAX_BODY_BYTES) {}

  /** The page's body in `coding`, for the render with this ETag. */
  get(page: string, etag: string, body: string, coding: Coding): Buffer {
    let entry = this.#pages.get(page);
    if (entry !== undefined) this.#drop(page, entry);
    if (entry === undefined || entry.etag !== etag) {
      const identity = Buffer.from(body, 'utf8');
      entry = { etag, identity, bytes: identity.length };
    }
    // Re-inserted: the Map's order is the order of use.
    this.#pages.set(page, entry);
    this.#bytes += entry.bytes;
    const bytes = coding === 'identity' ? entry.identity : (entry[coding] ?? this.#compress(entry, coding));
    this.#evict(page);
    return bytes;
  }

  get size(): number {
    return this.#pages.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  #compress(entry: Entry, coding: 'gzip' | 'br'): Buffer {
    const coded = coding === 'gzip' ? gzipSync(entry.identity) : brotliCompressSync(entry.identity, BROTLI_OPTIONS);
    entry[coding] = coded;
    entry.bytes += coded.length;
    this.#bytes += coded.length;
    return coded;
  }

  #drop(page: string, entry: Entry): void {
    this.#pages.delete(page);
    this.#bytes -= entry.bytes;
  }

  /** Oldest first, never the page just served. */
  #evict(keep: string): void {
    for (const [page, entry] of this.#pages) {
      if (this.#bytes <= this.maxBytes || page === keep) return;
      this.#drop(page, entry);
    }
  }
}
