// The databases of one server, each opened once: every route reaches a database through the same object,
// and so through the same change listeners. The list is this server's own (`_all_dbs`), never the process's.
import type { PouchConstructor, PouchDatabase } from './pouch-types.js';

export class DbRegistry {
  private readonly dbs = new Map<string, PouchDatabase>();

  constructor(private readonly Pouch: PouchConstructor) {}

  get(name: string): PouchDatabase | undefined {
    return this.dbs.get(name);
  }

  names(): string[] {
    return [...this.dbs.keys()].sort();
  }

  /** Creates the database (or opens it, when stored on disk already); false when it is open already. */
  async create(name: string): Promise<boolean> {
    if (this.dbs.has(name)) return false;
    const db = new this.Pouch(name);
    // Each changes feed listens for 'destroyed' on its db: hundreds of feeds are normal here.
    (db as unknown as { setMaxListeners(n: number): void }).setMaxListeners(0);
    this.dbs.set(name, db);
    await db.info();
    return true;
  }

  /** Destroys the database (its open feeds end); false when it does not exist. */
  async destroy(name: string): Promise<boolean> {
    const db = this.dbs.get(name);
    if (!db) return false;
    this.dbs.delete(name);
    await db.destroy();
    return true;
  }

  /** Frees every database: the memory adapter keeps stores process-wide until destroyed. */
  async destroyAll(): Promise<void> {
    const names = [...this.dbs.keys()];
    await Promise.allSettled(names.map((name) => this.destroy(name)));
  }

  /** Closes every database, keeping its data (a persistent server): LevelDB releases its LOCK file. */
  async closeAll(): Promise<void> {
    const dbs = [...this.dbs.values()];
    this.dbs.clear();
    // One at a time: closing a database also closes every view store opened through the same constructor.
    // A store that never opened rejects with not_open: it holds nothing to release.
    for (const db of dbs) await db.close().catch(() => undefined);
  }
}
