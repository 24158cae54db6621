// The raw `_changes` delivery under the run's own load: the harness follows CouchDB's continuous feed itself and
// notes when each revision arrived, so an implementation's invalidation lag can be set beside what the feed alone
// took (the part of the lag that is CouchDB's, and the part that is the implementation's and the probe's). Its own
// reader on undici, sharing nothing with the implementations' followers; a dropped connection resumes from the
// last seq (opaque: only ever passed back).

import { request, type Dispatcher } from 'undici';
import { withoutCredentials } from '../environment/couch-auth.js';
import { revGeneration } from '../oracle/rev-order.js';

const HEARTBEAT_MS = 1000;
const RETRY_MS = 100;

interface Arrival {
  readonly generation: number;
  readonly at: number;
}

export class FeedWatch {
  /** Per document, each revision's generation and when the feed brought it, in arrival order. */
  readonly #arrivals = new Map<string, Arrival[]>();
  readonly #abort = new AbortController();
  #since = 'now';
  #loop: Promise<void> | undefined;

  private constructor(
    private readonly couchdbUrl: string,
    private readonly db: string,
    private readonly clock: () => number,
  ) {}

  /** Follows the feed from now on; resolves once the first connection answered, rejects when it refused. */
  static async start(couchdbUrl: string, db: string, clock: () => number): Promise<FeedWatch> {
    const watch = new FeedWatch(couchdbUrl, db, clock);
    const first = await watch.#connect();
    if (first.statusCode !== 200) {
      await first.body.dump();
      throw new Error(`_changes of ${db} answered ${first.statusCode}`);
    }
    watch.#loop = watch.#follow(first);
    return watch;
  }

  /**
   * When the feed first brought `docId` at `rev`'s generation or a later one (a feed shows only a document's
   * newest revision, so a quick second write can stand for the first); undefined when it did not.
   */
  deliveredAt(docId: string, rev: string): number | undefined {
    const wanted = revGeneration(rev);
    return this.#arrivals.get(docId)?.find((arrival) => arrival.generation >= wanted)?.at;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  #connect(): Promise<Dispatcher.ResponseData> {
    const { url, headers } = withoutCredentials(this.couchdbUrl.replace(/\/+$/, ''));
    const query = new URLSearchParams({ feed: 'continuous', since: this.#since, heartbeat: String(HEARTBEAT_MS) });
    return request(`${url}/${encodeURIComponent(this.db)}/_changes?${query}`, { headers, signal: this.#abort.signal, bodyTimeout: HEARTBEAT_MS * 5 });
  }

  async #follow(first: Dispatcher.ResponseData): Promise<void> {
    let response: Dispatcher.ResponseData | undefined = first;
    while (!this.#abort.signal.aborted) {
      try {
        response ??= await this.#connect();
        await this.#read(response);
      } catch {
        // Dropped, timed out or refused (a paused or restarting CouchDB): resume from the last seq.
      }
      response = undefined;
      if (!this.#abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  async #read(response: Dispatcher.ResponseData): Promise<void> {
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`_changes answered ${response.statusCode}`);
    }
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += (chunk as Buffer).toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') this.#note(JSON.parse(line) as { seq?: unknown; id?: string; changes?: { rev: string }[]; last_seq?: unknown });
      }
    }
  }

  #note(row: { seq?: unknown; id?: string; changes?: { rev: string }[]; last_seq?: unknown }): void {
    const at = this.clock();
    if (row.last_seq !== undefined) this.#since = String(row.last_seq);
    const rev = row.changes?.[0]?.rev;
    if (row.id === undefined || rev === undefined) return;
    let arrivals = this.#arrivals.get(row.id);
    if (arrivals === undefined) this.#arrivals.set(row.id, (arrivals = []));
    arrivals.push({ generation: revGeneration(rev), at });
    if (row.seq !== undefined) this.#since = String(row.seq);
  }
}
