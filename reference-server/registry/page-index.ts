// key → the pages filed under it, each with a value. Most keys have exactly one page (a document and its
// page), so a single page is stored as a small record and a Map is made only for the second one: at 100k
// pages that is the difference between ~100 and ~400 bytes per page.

interface Single<V> {
  readonly page: string;
  readonly value: V;
}

export class PageIndex<V> {
  readonly #entries = new Map<string, Single<V> | Map<string, V>>();

  add(key: string, page: string, value: V): void {
    const entry = this.#entries.get(key);
    if (entry === undefined || (!(entry instanceof Map) && entry.page === page)) {
      this.#entries.set(key, { page, value });
    } else if (entry instanceof Map) {
      entry.set(page, value);
    } else {
      this.#entries.set(key, new Map([[entry.page, entry.value], [page, value]]));
    }
  }

  delete(key: string, page: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    if (!(entry instanceof Map)) {
      if (entry.page === page) this.#entries.delete(key);
      return;
    }
    entry.delete(page);
    if (entry.size === 1) {
      for (const [onlyPage, onlyValue] of entry) this.#entries.set(key, { page: onlyPage, value: onlyValue });
    }
  }

  /** A copy of the pages under a key with their values (safe to modify the index while iterating it). */
  pagesOf(key: string): [page: string, value: V][] {
    const entry = this.#entries.get(key);
    if (entry === undefined) return [];
    return entry instanceof Map ? [...entry] : [[entry.page, entry.value]];
  }

  clear(): void {
    this.#entries.clear();
  }
}
