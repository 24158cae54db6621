// Invalidation lag, measured from the outside: before a probed write, the probe fetches the page and keeps
// the ETag the implementation gave; after the write is acknowledged it sends that old ETag again and again
// until a response reflects the write (a 200 showing the new revision or a newer one, or a 404 after a
// delete). Lag = arrival of that response − acknowledgement of the write. Its first part, acknowledgement → the
// send of that request, is kept apart: by then the implementation had let the old ETag go, so it bounds the
// invalidation itself, without the time the implementation took to render the response that showed it.

import { revTokens } from '../oracle/rev-tokens.js';

export interface ProbeOptions {
  readonly deadlineMs: number;
  /** The longest wait between two requests of a probe. */
  readonly intervalMs: number;
}

/** The shortest wait: a probe's step is 1 ms at first, then a tenth of the time waited so far, up to intervalMs. */
const FIRST_STEP_MS = 1;
// fetch would ask for `gzip, deflate`; the harness reads identity bodies, as its readers do, unless a scenario asks.
const IDENTITY: Readonly<Record<string, string>> = { 'accept-encoding': 'identity' };
const STEP_SHARE = 0.1;

export type ExpectedEffect = { readonly rev: string } | { readonly deleted: true };

const generation = (rev: string): number => Number.parseInt(rev, 10);

export class LagProbes {
  readonly samples: number[] = [];
  /** Per sample, acknowledgement → the send of the request whose response reflected the write. */
  readonly sentSamples: number[] = [];
  timeouts = 0;
  /** Page requests the probes made (they count as page requests for CouchDB cost). */
  requests = 0;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    /** The app's base URL for the next probe request (several instances take turns). */
    private readonly appUrl: () => string,
    private readonly options: ProbeOptions,
    private readonly clock: () => number,
    private readonly signal: AbortSignal,
  ) {}

  /** The ETag the implementation currently gives the page (undefined when it sends none or fails). */
  async etagBefore(page: string): Promise<string | undefined> {
    try {
      this.requests++;
      const response = await fetch(this.appUrl() + page, { headers: IDENTITY });
      await response.arrayBuffer();
      return response.headers.get('etag') ?? undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Starts probing a write acknowledged at `ackAt`; `keep` keeps the sample (e.g. only inside the window). `url`:
   * always ask this instance (the cross-instance lag); by default each request goes to the app's next URL.
   */
  watch(page: string, oldEtag: string | undefined, expected: ExpectedEffect, ackAt: number, keep: (ackAt: number) => boolean, url?: string): void {
    const probe = this.#probe(page, oldEtag, expected, ackAt, keep, url).finally(() => this.#pending.delete(probe));
    this.#pending.add(probe);
  }

  /** Waits for every running probe (each ends by its deadline). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async #probe(page: string, oldEtag: string | undefined, expected: ExpectedEffect, ackAt: number, keep: (t: number) => boolean, url?: string): Promise<void> {
    const deadline = ackAt + this.options.deadlineMs;
    const headers: Record<string, string> = oldEtag === undefined ? IDENTITY : { ...IDENTITY, 'if-none-match': oldEtag };
    while (!this.signal.aborted) {
      let reflected = false;
      const sentAt = this.clock();
      try {
        this.requests++;
        // No signal per fetch: undici keeps such listeners until GC; the loop checks `aborted` instead.
        const response = await fetch((url ?? this.appUrl()) + page, { headers });
        const body = await response.text();
        reflected = reflects(response.status, body, expected);
      } catch {
        // A failed request reflects nothing; keep probing until the deadline.
      }
      const now = this.clock();
      if (reflected) {
        if (keep(ackAt)) {
          this.samples.push(now - ackAt);
          this.sentSamples.push(Math.max(0, sentAt - ackAt));
        }
        return;
      }
      if (now >= deadline) {
        if (keep(ackAt)) this.timeouts++;
        return;
      }
      // A lag of a few ms is seen to the ms, a long one (a feed outage) to a tenth, without flooding the app.
      const step = Math.min(this.options.intervalMs, Math.max(FIRST_STEP_MS, (now - ackAt) * STEP_SHARE));
      await new Promise((resolve) => setTimeout(resolve, step));
    }
  }
}

function reflects(status: number, body: string, expected: ExpectedEffect): boolean {
  if ('deleted' in expected) return status === 404 || status === 410;
  if (status !== 200) return false;
  const wanted = generation(expected.rev);
  return revTokens(body).some((token) => token === expected.rev || generation(token) > wanted);
}
