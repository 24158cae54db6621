// CouchDB's own counters (`GET /_node/{node}/_stats`), for the three this server keeps, counted where CouchDB 3
// counts them so that one reading means the same here and on Apache CouchDB: `database_reads` in couch_db's
// open_doc/open_doc_revs (before the open: a missing document is counted too), `database_writes` in
// couch_db:update_docs (once per batch written to a database, conflicts included: not per document), and
// `httpd.requests` by chttpd once a response is sent. One instance per server: two servers share nothing.

/** The name of a single CouchDB node started without `-name`, as `_membership` and `_node/_local` give it. */
export const NODE_NAME = 'nonode@nohost';

export interface CounterStat {
  value: number;
  type: 'counter';
  desc: string;
}

function counter(value: number, desc: string): CounterStat {
  return { value, type: 'counter', desc };
}

export class CouchCounters {
  private reads = 0;
  private writes = 0;
  private requests = 0;

  /** `n` documents opened from storage, found or not. */
  documentsOpened(n = 1): void {
    this.reads += n;
  }

  /** One batch of documents (one, for a single-document write) handed to a database. */
  databaseChanged(): void {
    this.writes += 1;
  }

  /** A response sent in full (a request whose client left first is not counted, as in CouchDB). */
  requestAnswered(): void {
    this.requests += 1;
  }

  /** The whole `_stats` tree, as CouchDB shapes it (`{"couchdb": {...}}`), with only what is counted here. */
  tree(): { couchdb: Record<string, unknown> } {
    return {
      couchdb: {
        database_reads: counter(this.reads, 'number of times a document was read from a database'),
        database_writes: counter(this.writes, 'number of times a database was changed'),
        httpd: { requests: counter(this.requests, 'number of HTTP requests') },
      },
    };
  }
}
