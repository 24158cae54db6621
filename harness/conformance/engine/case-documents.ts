// The documents of one case: aliases mapped to ids unique to the run (so cases never disturb each other),
// written straight to CouchDB with nano, and every revision the harness has seen of each, for judging bodies.

import nano, { type DocumentScope } from 'nano';

interface Record_ {
  readonly id: string;
  group: string | undefined;
  n: number;
  readonly revs: string[];
}

export class HarnessError extends Error {}

export class CaseDocuments {
  readonly #db: DocumentScope<Record<string, unknown>>;
  readonly #docs = new Map<string, Record_>();

  constructor(
    couchdbUrl: string,
    readonly dbName: string,
    /** Prefix unique to this case in this run, `[A-Za-z0-9-]+` as the contract promises. */
    private readonly prefix: string,
  ) {
    this.#db = nano({ url: couchdbUrl }).use(dbName);
  }

  idOf(alias: string): string {
    return this.#record(alias).id;
  }

  groupName(alias: string): string {
    return `${this.prefix}-${alias}`;
  }

  /** Every revision the harness has seen of the document. */
  revsOf(alias: string): readonly string[] {
    return this.#record(alias).revs;
  }

  /** The document's current revision, read from CouchDB (undefined when missing or deleted). */
  async currentRev(alias: string): Promise<string | undefined> {
    const record = this.#record(alias);
    try {
      const doc = await this.#db.get(record.id);
      if (!record.revs.includes(doc._rev)) record.revs.push(doc._rev);
      return doc._rev;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw new HarnessError(`reading ${record.id} from CouchDB failed: ${(error as Error).message}`);
    }
  }

  /** The body a write through the app sends: fields changed so that the revision changes. */
  async appBody(alias: string, group: string | null | undefined): Promise<Record<string, unknown>> {
    const record = this.#record(alias);
    if (group !== undefined) record.group = group === null ? undefined : this.groupName(group);
    const rev = await this.currentRev(alias);
    record.n++;
    return { ...(rev === undefined ? {} : { _rev: rev }), ...this.#fields(record) };
  }

  async create(alias: string, group: string | null | undefined, literalId = false): Promise<void> {
    const record = this.#record(alias, literalId);
    if (group !== undefined) record.group = group === null ? undefined : this.groupName(group);
    await this.#write(record, async () => {
      try {
        return (await this.#db.insert({ _id: record.id, ...this.#fields(record) })).rev;
      } catch (error) {
        // A literal id may exist from an earlier run on the same database: keep it.
        if (literalId && (error as { statusCode?: number }).statusCode === 409) return (await this.#db.get(record.id))._rev;
        throw error;
      }
    });
  }

  async update(alias: string, group: string | null | undefined): Promise<void> {
    const body = await this.appBody(alias, group);
    const record = this.#record(alias);
    await this.#write(record, async () => (await this.#db.insert({ _id: record.id, ...body })).rev);
  }

  async delete(alias: string): Promise<void> {
    const record = this.#record(alias);
    const rev = await this.currentRev(alias);
    if (rev === undefined) throw new HarnessError(`${record.id} cannot be deleted: it does not exist`);
    await this.#write(record, async () => (await this.#db.destroy(record.id, rev)).rev);
  }

  async #write(record: Record_, write: () => Promise<string>): Promise<void> {
    try {
      record.revs.push(await write());
    } catch (error) {
      throw new HarnessError(`writing ${record.id} straight to CouchDB failed: ${(error as Error).message}`);
    }
  }

  #fields(record: Record_): Record<string, unknown> {
    // The id and a counter in the content: two documents never share a revision.
    return { title: `conformance ${record.id}`, n: record.n, ...(record.group === undefined ? {} : { group: record.group }) };
  }

  #record(alias: string, literalId = false): Record_ {
    let record = this.#docs.get(alias);
    if (record === undefined) {
      record = { id: literalId ? alias : `${this.prefix}-${alias}`, group: undefined, n: 0, revs: [] };
      this.#docs.set(alias, record);
    }
    return record;
  }
}
