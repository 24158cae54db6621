// The readers' load plan: each request picks a virtual client and a page, sends the client's ETag for it
// as If-None-Match, and records what came back. This is the hook path the driver calls per request, so
// it does the least it can: a draw, a map lookup, one object per exchange.
//
// Times: closed loop, an exchange's sentAt is when it was written. Open loop, sentAt is its intended send time
// (latency and the measured window count from it) and writtenAt when it really went out (the oracle judges
// from it); a send that had to wait for a connection, or never went out, is noted in missedAt.

import type { Exchange } from '../oracle/types.js';
import { revTokens } from '../oracle/rev-tokens.js';
import type { LoadPlan, PreparedRequest, SendTiming } from './load-driver.js';
import type { PageChooser } from './page-chooser.js';
import type { Random } from './random.js';
import type { VirtualClients } from './virtual-clients.js';

interface InFlight {
  page: number;
  client: number;
  sentAt: number;
  /** Open loop: when it was written (sentAt is then its intended time). */
  writtenAt: number | undefined;
  sentEtag: string | undefined;
  cachedRevs: readonly string[] | undefined;
  /** Which of several servers it went to (undefined: one server, or the driver could not say). */
  instance: number | undefined;
}

const NO_HEADERS: Record<string, string> = {};

/** What the readers' load leaves to judge: every exchange, and the open loop's missed sends. */
export interface ReadLog {
  readonly exchanges: readonly Exchange[];
  /** Open loop: the intended send times of missed sends (made late, or dropped), on the run's clock. */
  readonly missedAt: readonly number[];
}

export class Readers implements LoadPlan<InFlight>, ReadLog {
  readonly exchanges: Exchange[] = [];
  /** Open loop: the intended send times of missed sends (made late, or dropped), on the run's clock. */
  readonly missedAt: number[] = [];

  constructor(
    readonly urls: readonly string[],
    readonly connections: number,
    readonly durationS: number,
    private readonly pages: PageChooser,
    private readonly clients: VirtualClients,
    private readonly random: Random,
    private readonly clock: () => number,
  ) {}

  prepare(timing?: SendTiming, target?: number): PreparedRequest<InFlight> {
    const now = this.clock();
    const page = this.pages.next();
    const client = Math.floor(this.random() * this.clients.count);
    const cached = this.clients.cached(client, page);
    const sentAt = timing === undefined ? now : now - timing.lateMs;
    if (timing?.missed === true) this.missedAt.push(sentAt);
    const state: InFlight = {
      page,
      client,
      sentAt,
      writtenAt: timing === undefined ? undefined : now,
      sentEtag: cached?.etag,
      cachedRevs: cached?.revs,
      // Several URLs are the instances themselves (behind a proxy there is one URL, the proxy's).
      instance: this.urls.length > 1 ? target : undefined,
    };
    return {
      path: this.pages.paths[page]!,
      headers: cached === undefined ? NO_HEADERS : { 'if-none-match': cached.etag },
      state,
    };
  }

  complete(state: InFlight, status: number, body: string, headers: Record<string, string | string[]>): void {
    const receivedAt = this.clock();
    const etag = headerValue(headers, 'etag');
    const bodyRevs = status === 200 ? revTokens(body) : undefined;
    this.clients.update(state.client, state.page, status, etag, bodyRevs);
    this.exchanges.push({
      page: this.pages.paths[state.page]!,
      sentAt: state.sentAt,
      ...(state.writtenAt !== undefined ? { writtenAt: state.writtenAt } : {}),
      receivedAt,
      status,
      ...(state.sentEtag !== undefined ? { sentEtag: state.sentEtag, cachedRevs: state.cachedRevs } : {}),
      ...(etag !== undefined ? { etag } : {}),
      ...(bodyRevs !== undefined ? { bodyRevs } : {}),
      ...(state.instance !== undefined ? { instance: state.instance } : {}),
    });
  }

  dropped(timing: SendTiming): void {
    if (timing.missed) this.missedAt.push(this.clock() - timing.lateMs);
  }
}

/** A response header by name, whatever case the server used. */
export function headerValue(headers: Record<string, string | string[]>, lowerName: string): string | undefined {
  let value = headers[lowerName];
  if (value === undefined) {
    for (const name in headers) {
      if (name.toLowerCase() === lowerName) {
        value = headers[name];
        break;
      }
    }
  }
  return Array.isArray(value) ? value.join(', ') : value;
}
