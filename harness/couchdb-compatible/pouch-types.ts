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

export interface PouchDatabase {
  readonly name: string;
  get(id: string, opts?: Record<string, unknown>): Promise<Doc>;
  put(doc: Doc, opts?: Record<string, unknown>): Promise<PutResult>;
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
