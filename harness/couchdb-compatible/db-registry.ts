// The databases of one server. express-pouchdb asks the constructor for `allDbs()` and keeps db objects in
// `__dbCacheMap`; both are pointed at this registry so that the routes handled here and the ones left to
// express-pouchdb see the same databases through the same objects (and so the same change listeners).
import type { PouchConstructor, PouchDatabase } from './pouch-types.js';

type AllDbsCallback = (err: unknown, names?: string[]) => void;

export class DbRegistry {
  private readonly dbs = new Map<string, PouchDatabase>();

  constructor(private readonly Pouch: PouchConstructor) {
    Pouch['__dbCacheMap'] = this.dbs;
    // Installed before express-pouchdb starts, so it never falls back to pouchdb-all-dbs, which listens on
    // the process-wide 'created' event and would list other servers' databases.
    Pouch['allDbs'] = (callback?: AllDbsCallback): Promise<string[]> | undefined => {
      const names = this.names();
      if (typeof callback !== 'function') return Promise.resolve(names);
      process.nextTick(callback, null, names);
      return undefined;
    };
  }

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
