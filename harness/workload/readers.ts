// The readers' load plan: each request picks a virtual client and a page, sends the client's ETag for it
// as If-None-Match, and records what came back. This is the hook path autocannon calls per request, so
// it does the least it can: a draw, a map lookup, one object per exchange.

import type { Exchange } from '../oracle/types.js';
import { revTokens } from '../oracle/rev-tokens.js';
import type { LoadPlan, PreparedRequest } from './load-driver.js';
import type { PageChooser } from './page-chooser.js';
import type { Random } from './random.js';
import type { VirtualClients } from './virtual-clients.js';

interface InFlight {
  page: number;
  client: number;
  sentAt: number;
  sentEtag: string | undefined;
  cachedRevs: readonly string[] | undefined;
}

const NO_HEADERS: Record<string, string> = {};

export class Readers implements LoadPlan<InFlight> {
  readonly exchanges: Exchange[] = [];

  constructor(
    readonly urls: readonly string[],
    readonly connections: number,
    readonly durationS: number,
    private readonly pages: PageChooser,
    private readonly clients: VirtualClients,
    private readonly random: Random,
    private readonly clock: () => number,
  ) {}

  prepare(): PreparedRequest<InFlight> {
    const page = this.pages.next();
    const client = Math.floor(this.random() * this.clients.count);
    const cached = this.clients.cached(client, page);
    const state: InFlight = {
      page,
      client,
      sentAt: this.clock(),
      sentEtag: cached?.etag,
      cachedRevs: cached?.revs,
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
      receivedAt,
      status,
      ...(state.sentEtag !== undefined ? { sentEtag: state.sentEtag, cachedRevs: state.cachedRevs } : {}),
      ...(etag !== undefined ? { etag } : {}),
      ...(bodyRevs !== undefined ? { bodyRevs } : {}),
    });
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
