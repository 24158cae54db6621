// Follows CouchDB's _changes feed so that writes from anywhere invalidate. While the feed is down the
// follower says so (`live` is false): the implementation must not answer 304 then, since it cannot know
// what changed. After a disconnect it catches up from the last seq it processed (seqs are opaque: only
// ever passed back as `since`, never parsed or compared) before it reports live again.

import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { openContinuousFeed } from './continuous-feed.js';
import type { CouchDocument, Database } from './database.js';

export interface ChangeEvent {
  readonly id: string;
  readonly rev: string;
  readonly deleted: boolean;
  /** The document as of this change (a tombstone has no fields). */
  readonly doc: CouchDocument | undefined;
}

export type FeedState = 'starting' | 'live' | 'down' | 'stopped';

export interface ChangesFollowerOptions {
  /** Heartbeat asked of CouchDB; no byte for `stallFactor` heartbeats means the connection is dead. */
  readonly heartbeatMs?: number;
  readonly stallFactor?: number;
  readonly backoffMinMs?: number;
  readonly backoffMaxMs?: number;
  /** Where to start (an opaque seq from an earlier run or a normal _changes request); default `now`. */
  readonly since?: string | number;
}

type Seq = string | number;

interface ChangeRow {
  seq?: Seq;
  id?: string;
  changes?: { rev: string }[];
  deleted?: boolean;
  doc?: CouchDocument;
  last_seq?: Seq;
}

export class ChangesFollower extends EventEmitter {
  #state: FeedState = 'starting';
  #since: Seq = 'now';
  #reconnects = 0;
  #lastError: string | undefined;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  readonly #heartbeatMs: number;
  readonly #stallMs: number;
  readonly #backoffMinMs: number;
  readonly #backoffMaxMs: number;

  constructor(
    private readonly database: Database,
    private readonly onChange: (change: ChangeEvent) => void,
    options: ChangesFollowerOptions = {},
  ) {
    super();
    this.#heartbeatMs = options.heartbeatMs ?? 500;
    this.#stallMs = this.#heartbeatMs * (options.stallFactor ?? 4);
    this.#backoffMinMs = options.backoffMinMs ?? 100;
    this.#backoffMaxMs = options.backoffMaxMs ?? 5000;
    this.#since = options.since ?? 'now';
  }

  /** The seq of the last change fully handled: pass it back as `since` to resume after it. */
  get since(): string | number {
    return this.#since;
  }

  get live(): boolean {
    return this.#state === 'live';
  }

  get state(): FeedState {
    return this.#state;
  }

  get status(): { state: FeedState; reconnects: number; lastError?: string } {
    return { state: this.#state, reconnects: this.#reconnects, ...(this.#lastError ? { lastError: this.#lastError } : {}) };
  }

  /** Starts following from now; resolves once the feed is live for the first time. */
  start(): Promise<void> {
    const firstLive = new Promise<void>((resolve, reject) => {
      const onState = (state: FeedState): void => {
        if (state === 'live') resolve();
        else if (state === 'stopped') reject(new Error(`the changes feed stopped before it was live: ${this.#lastError}`));
        else return;
        this.off('state', onState);
      };
      this.on('state', onState);
    });
    this.#loop = this.#run();
    return firstLive;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#abort.signal.aborted) {
      try {
        await this.#catchUp();
        // Live once the feed answers, not when the catch-up did: a feed whose answer never comes (a CouchDB or a
        // path that stalled in between) would otherwise be trusted with no heartbeat to miss.
        await this.#follow(() => {
          this.#setState('live');
          attempt = 0;
        });
      } catch (error) {
        this.#lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.#abort.signal.aborted) break;
      this.#setState('down');
      this.#reconnects++;
      const delay = Math.min(this.#backoffMaxMs, this.#backoffMinMs * 2 ** attempt++);
      await sleep(delay * (0.5 + Math.random() / 2), undefined, { signal: this.#abort.signal }).catch(() => {});
    }
    this.#setState('stopped');
  }

  /** Everything since the last seq processed, in one normal request, before the feed counts as live. */
  async #catchUp(): Promise<void> {
    const result = await this.database.db.changes({ since: this.#since as string, include_docs: true });
    for (const row of result.results as ChangeRow[]) this.#apply(row);
    this.#since = result.last_seq as Seq;
  }

  /** The continuous feed from the last seq; `onOpen` once it answered; returns when the connection ends, fails
   *  or stalls (its answer included: no answer within the stall time is a stall). */
  async #follow(onOpen: () => void): Promise<void> {
    const feed = openContinuousFeed(this.database.url, this.database.name, {
      feed: 'continuous',
      since: this.#since,
      include_docs: true,
      heartbeat: this.#heartbeatMs,
    });
    const onStop = (): void => feed.close();
    this.#abort.signal.addEventListener('abort', onStop);
    // Dropped below on a stall: its rejection then has no one waiting for it.
    feed.response.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the changes feed did not answer in ${this.#stallMs} ms`)), this.#stallMs);
    });
    try {
      const response = await Promise.race([feed.response, unanswered]);
      clearTimeout(timer);
      onOpen();
      await this.#readLines(response);
    } finally {
      clearTimeout(timer);
      this.#abort.signal.removeEventListener('abort', onStop);
      feed.close();
    }
  }

  /** Applies each line of the feed; resolves when the follower stops, rejects when the feed fails. */
  #readLines(stream: Readable): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let buffered = '';
      let stall: NodeJS.Timeout | undefined;
      const settle = (error?: Error): void => {
        clearTimeout(stall);
        stream.off('data', onData);
        this.#abort.signal.removeEventListener('abort', onStop);
        if (error) reject(error);
        else resolve();
      };
      const onStop = (): void => settle();
      const armStall = (): void => {
        clearTimeout(stall);
        stall = setTimeout(() => settle(new Error(`no heartbeat from the changes feed for ${this.#stallMs} ms`)), this.#stallMs);
      };
      const onData = (chunk: Buffer): void => {
        armStall();
        buffered += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line === '') continue;
          let row: ChangeRow;
          try {
            row = JSON.parse(line) as ChangeRow;
          } catch {
            settle(new Error(`unreadable line in the changes feed: ${line.slice(0, 80)}`));
            return;
          }
          if (row.last_seq !== undefined) {
            this.#since = row.last_seq;
            settle(new Error('the changes feed ended'));
            return;
          }
          this.#apply(row);
        }
      };
      armStall();
      stream.on('data', onData);
      stream.once('end', () => settle(new Error('the changes feed connection ended')));
      stream.once('error', (error: Error) => settle(error));
      stream.once('aborted', () => settle(new Error('the changes feed connection was cut')));
      this.#abort.signal.addEventListener('abort', onStop, { once: true });
    });
  }

  #apply(row: ChangeRow): void {
    if (row.seq === undefined || row.id === undefined) return;
    const rev = row.changes?.[0]?.rev;
    if (rev !== undefined && !row.id.startsWith('_design/')) {
      this.onChange({ id: row.id, rev, deleted: row.deleted === true, doc: row.doc });
    }
    // Only after the change is applied: a reconnect resumes after the last change fully handled.
    this.#since = row.seq;
  }

  #setState(state: FeedState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
