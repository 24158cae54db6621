// The slice of the PouchDB 7 API this server uses. pouchdb-core ships no types, and @types/pouchdb
// is not a dependency: these few declarations keep the rest of the folder strictly typed.

export type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };

export interface PutResult {
  ok: boolean;
  id: string;
  rev: string;
}

export interface ChangeRow {
  id: string;
  seq: number;
  changes: { rev: string }[];
  deleted?: boolean;
  doc?: Doc;
}

export interface ChangesResult {
  results: ChangeRow[];
  last_seq: number;
  status?: string;
}

export interface ChangesOptions {
  since?: number;
  live?: boolean;
  limit?: number;
  descending?: boolean;
  include_docs?: boolean;
  conflicts?: boolean;
  style?: 'main_only' | 'all_docs';
  return_docs?: boolean;
  doc_ids?: string[];
  selector?: Record<string, unknown>;
  filter?: string | ((doc: Doc) => boolean);
  view?: string;
  query_params?: Record<string, unknown>;
}

/** A running `db.changes()`: an event emitter that is also a promise of its final result. */
export interface PouchChanges extends PromiseLike<ChangesResult> {
  on(event: 'change', listener: (row: ChangeRow) => void): this;
  on(event: 'complete', listener: (result: ChangesResult) => void): this;
  on(event: 'error', listener: (err: unknown) => void): this;
  cancel(): void;
}

export interface DbInfo {
  db_name: string;
  doc_count: number;
  update_seq: number;
}

/** A row of `allDocs` or `query`; `error` for an `allDocs` key that names no document. */
export interface ViewRow {
  id?: string;
  key: unknown;
  value?: unknown;
  doc?: Doc | null;
  error?: string;
}

export interface ViewResult {
  total_rows?: number;
  offset?: number;
  update_seq?: number;
  rows: ViewRow[];
}

/** One `bulkDocs` result: a PutResult, or a PouchError naming the document it refused. */
export type BulkResult = PutResult | (PouchError & { id?: string; error: true });

export type RevsDiff = Record<string, { missing: string[]; possible_ancestors?: string[] }>;

/** One entry of `get(id, {open_revs})`. */
export type OpenRev = { ok: Doc } | { missing: string };

export interface PouchDatabase {
  readonly name: string;
  /** `get` with `open_revs`: the same PouchDB method, which then answers a list. */
  get(id: string, opts: Record<string, unknown> & { open_revs: 'all' | string[] }): Promise<OpenRev[]>;
  get(id: string, opts?: Record<string, unknown>): Promise<Doc>;
  put(doc: Doc, opts?: Record<string, unknown>): Promise<PutResult>;
  bulkDocs(body: { docs: Doc[] }, opts?: Record<string, unknown>): Promise<BulkResult[]>;
  allDocs(opts: Record<string, unknown>): Promise<ViewResult>;
  query(view: string, opts: Record<string, unknown>): Promise<ViewResult>;
  revsDiff(revs: Record<string, string[]>): Promise<RevsDiff>;
  getAttachment(id: string, name: string, opts?: Record<string, unknown>): Promise<Buffer>;
  info(): Promise<DbInfo>;
  changes(opts: ChangesOptions): PouchChanges;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
}

export interface PouchConstructor {
  new (name: string, opts?: Record<string, unknown>): PouchDatabase;
  defaults(opts: Record<string, unknown>): PouchConstructor;
  plugin(plugin: unknown): PouchConstructor;
  [key: string]: unknown;
}

/** What PouchDB rejects with: `status`, `name` (CouchDB's `error`) and `message`/`reason`. */
export interface PouchError {
  status?: number;
  name?: string;
  message?: string;
  reason?: string;
}
