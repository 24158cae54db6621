// The client of a fault proxy's control API (fault-proxy-control.ts): the feed faults of a proxy that runs in
// another process or container, commanded over HTTP.

import { fetchFailureCode } from '../fetch-failure.js';

/** A fault proxy's feed faults, over its control API. Each call rejects with an Error naming the operation and
 *  the cause: an answer other than 200, no answer within 5 s, or no connection. */
export interface RemoteFeedFaults {
  /** Cuts every feed connection; resolves with how many. */
  cutFeeds(): Promise<number>;
  stallFeeds(): Promise<void>;
  unstallFeeds(): Promise<void>;
}

const TIMEOUT_MS = 5000;

export function remoteFeedFaults(controlUrl: string): RemoteFeedFaults {
  const base = controlUrl.replace(/\/+$/, '');
  return {
    cutFeeds: async () => {
      const body = await post(base, 'cut-feeds');
      const cut = (body as { cut?: unknown } | null)?.cut;
      if (typeof cut !== 'number') throw new Error(`fault proxy cut-feeds (POST ${base}/cut-feeds): no count in its answer ${JSON.stringify(body)}`);
      return cut;
    },
    stallFeeds: async () => void (await post(base, 'stall-feeds')),
    unstallFeeds: async () => void (await post(base, 'unstall-feeds')),
  };
}

/** POSTs to one operation's path; resolves with the parsed 200 answer. */
async function post(base: string, operation: string): Promise<unknown> {
  const where = `fault proxy ${operation} (POST ${base}/${operation})`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${base}/${operation}`, { method: 'POST', signal: AbortSignal.timeout(TIMEOUT_MS) });
    text = await res.text();
  } catch (error) {
    throw new Error(`${where}: ${cause(error)}`, { cause: error });
  }
  if (res.status !== 200) throw new Error(`${where}: HTTP ${res.status} ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where}: an answer that is not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}

/** What went wrong under fetch's "fetch failed": the socket's code (ECONNREFUSED…), or the timeout. */
function cause(error: unknown): string {
  const code = fetchFailureCode(error);
  return code === 'timeout' ? `no answer within ${TIMEOUT_MS / 1000} s` : code;
}
