// The CouchDB access an implementation needs, through nano: documents, the group view, raw passthrough
// for writes. One place that knows CouchDB's URLs and error shapes.

import nano, { type DocumentScope, type ServerScope } from 'nano';
import { DocumentReader } from './document-reader.js';

export const DESIGN_DOC_ID = '_design/etag-bench';
const BY_GROUP_VIEW = 'by-group';
// The view is data stored in CouchDB: CouchDB evaluates this map function, not Node.
const BY_GROUP_MAP = 'function (doc) { if (typeof doc.group === "string") emit(doc.group, null); }';

export interface CouchDocument {
  readonly _id: string;
  readonly _rev: string;
  readonly _deleted?: boolean;
  readonly group?: unknown;
  readonly [field: string]: unknown;
}

/** CouchDB's answer to a request passed through: status and JSON body. */
export interface CouchReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The group's members among the rows of a by-group view queried with include_docs, ordered by id. CouchDB reads
 * the rows and their documents apart, so a document written in between can come back at a revision of another
 * group (newer than the index, or on Apache CouchDB older): such a row, like a deleted one (`doc: null`), is not a
 * member.
 */
export function membersOfRows(rows: readonly { readonly doc?: unknown }[], group: string): CouchDocument[] {
  return rows
    .map((row) => row.doc as CouchDocument | undefined | null)
    .filter((doc): doc is CouchDocument => doc?.group === group)
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

export class Database {
  readonly server: ServerScope;
  readonly db: DocumentScope<Record<string, unknown>>;
  readonly #reader: DocumentReader;

  constructor(
    /** Base URL, credentials included where needed. */
    readonly url: string,
    readonly name: string,
  ) {
    this.server = nano({ url });
    this.db = this.server.use(name);
    this.#reader = new DocumentReader(url, name);
  }

  /** The current document, or undefined when it is missing or deleted (the render path: see DocumentReader). */
  async getDocument(id: string): Promise<CouchDocument | undefined> {
    return (await this.#reader.get(id)) as CouchDocument | undefined;
  }

  /** Closes the pooled sockets of document reads. */
  close(): void {
    this.#reader.close();
  }

  /** The current revision (HEAD), or undefined when the document is missing or deleted. */
  async currentRev(id: string): Promise<string | undefined> {
    try {
      const headers = (await this.db.head(id)) as unknown as Record<string, string | undefined>;
      const etag = headers.etag;
      return etag === undefined ? undefined : etag.replace(/^W\//, '').replaceAll('"', '');
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Every document of a group, ordered by id (see membersOfRows). */
  async groupMembers(group: string): Promise<CouchDocument[]> {
    const result = await this.db.view<null>('etag-bench', BY_GROUP_VIEW, { key: group, include_docs: true });
    return membersOfRows(result.rows, group);
  }

  /**
   * Creates the database and the group view when missing (other instances may race us to it). Nothing
   * is created when both exist, so a non-admin user can run against a prepared database.
   */
  async prepare(): Promise<void> {
    if (await this.#missing(() => this.db.info())) {
      await this.server.db.create(this.name).catch((error: unknown) => {
        if (statusOf(error) !== 412) throw error;
      });
    }
    if (await this.#missing(() => this.db.head(DESIGN_DOC_ID))) {
      const design = { views: { [BY_GROUP_VIEW]: { map: BY_GROUP_MAP } } };
      await this.db.insert(design as never, DESIGN_DOC_ID).catch((error: unknown) => {
        if (statusOf(error) !== 409) throw error;
      });
    }
  }

  async #missing(probe: () => Promise<unknown>): Promise<boolean> {
    try {
      await probe();
      return false;
    } catch (error) {
      if (statusOf(error) === 404) return true;
      throw error;
    }
  }

  /** PUT a document as given, returning CouchDB's status and body whatever they are. */
  put(id: string, body: unknown): Promise<CouchReply> {
    return this.#passthrough({ method: 'PUT', doc: id, body });
  }

  /** DELETE a document (`rev` as given, possibly absent: CouchDB answers 409 then). */
  delete(id: string, rev: string | undefined): Promise<CouchReply> {
    return this.#passthrough({ method: 'DELETE', doc: id, qs: rev === undefined ? {} : { rev } });
  }

  async #passthrough(opts: { method: string; doc: string; body?: unknown; qs?: Record<string, string> }): Promise<CouchReply> {
    try {
      const body = await this.server.request({ db: this.name, ...opts });
      return { status: opts.method === 'PUT' ? 201 : 200, body };
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || status >= 500) throw error;
      const { error: code, reason } = error as { error?: unknown; reason?: unknown };
      return { status, body: { error: code, reason } };
    }
  }
}

/** The HTTP status CouchDB answered, from an error nano threw (undefined for network errors). */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 && (error as { scope?: unknown }).scope === 'couch' ? status : undefined;
}
