// key → the slots of the pages filed under it. Most keys have exactly one page (a document and its page),
// so one slot is stored as the number itself and a Set is made only for the second: no object per page.

export class PageIndex {
  readonly #entries = new Map<string, number | Set<number>>();

  add(key: string, slot: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, slot);
    else if (typeof entry !== 'number') entry.add(slot);
    else if (entry !== slot) this.#entries.set(key, new Set([entry, slot]));
  }

  delete(key: string, slot: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    if (typeof entry === 'number') {
      if (entry === slot) this.#entries.delete(key);
      return;
    }
    entry.delete(slot);
    if (entry.size === 1) {
      for (const only of entry) this.#entries.set(key, only);
    }
  }

  /** A copy of the slots under a key (safe to modify the index while iterating it). */
  slotsOf(key: string): number[] {
    const entry = this.#entries.get(key);
    if (entry === undefined) return [];
    return typeof entry === 'number' ? [entry] : [...entry];
  }

  clear(): void {
    this.#entries.clear();
  }
}
