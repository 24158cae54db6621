// Virtual clients, each with its own cache: page → the ETag it received and the revisions that body
// showed. A client sends If-None-Match for a page it holds, as a browser or a caching proxy would.

export interface CachedPage {
  readonly etag: string;
  readonly revs: readonly string[];
}

export class VirtualClients {
  readonly #caches: Map<number, CachedPage>[];

  constructor(count: number) {
    this.#caches = Array.from({ length: count }, () => new Map<number, CachedPage>());
  }

  get count(): number {
    return this.#caches.length;
  }

  cached(client: number, page: number): CachedPage | undefined {
    return this.#caches[client]!.get(page);
  }

  /** After a response: a 200 with an ETag replaces the copy, a 404 drops it, anything else keeps it. */
  update(client: number, page: number, status: number, etag: string | undefined, revs: readonly string[] | undefined): void {
    const cache = this.#caches[client]!;
    if (status === 200) {
      if (etag !== undefined && revs !== undefined) cache.set(page, { etag, revs });
      else cache.delete(page);
    } else if (status === 404 || status === 410) {
      cache.delete(page);
    }
  }
}
