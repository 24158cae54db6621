// Every live PouchDB changes listener this server started and that has not yet completed. A feed counts
// as open until PouchDB confirms the listener is gone, so `openFeeds` returning to 0 proves that closed
// clients leave nothing behind listening for writes.
import type { PouchChanges } from './pouch-types.js';

export class FeedTracker {
  private readonly closers = new Set<() => void>();
  private open = 0;

  get openFeeds(): number {
    return this.open;
  }

  /** Counts `changes` as open until it completes or fails; `close` ends the feed (used by stopAll). */
  track(changes: PouchChanges, close: () => void): void {
    this.open += 1;
    this.closers.add(close);
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      this.open -= 1;
      this.closers.delete(close);
    };
    changes.then(finished, finished);
  }

  /** Ends every open feed (server shutdown). */
  closeAll(): void {
    for (const close of [...this.closers]) close();
  }
}
