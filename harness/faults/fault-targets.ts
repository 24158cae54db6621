// What the fault steps of a scenario act on (issue 9). Each piece is optional where a setup cannot offer it
// (CouchDB reached by URL cannot be paused); a step whose target is missing is recorded as skipped, never faked.

/** CouchDB's process (embedded environment). */
export interface CouchFaults {
  /** SIGSTOP: connections stay open and nothing is answered until resume(). */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
  /** Stops it (SIGTERM) and starts it again on the same URL with its data kept; resolves once it answers. */
  restart(): Promise<void>;
  /** Whether restart() keeps the data (a persistent server); restart() rejects otherwise. */
  readonly persistent: boolean;
}
