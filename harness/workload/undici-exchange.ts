// One request's answer through undici's dispatch API, gathered for a load plan: status, headers (names in lower
// case, as undici parses them) and the body as text. Shared by the closed- and open-loop drivers.

import { errors as undiciErrors, type Dispatcher } from 'undici';

const TIMEOUT_CODES: ReadonlySet<string> = new Set<string>([new undiciErrors.HeadersTimeoutError().code, new undiciErrors.BodyTimeoutError().code]);

export interface ExchangeCallbacks {
  answered(status: number, headers: Record<string, string | string[]>, body: string): void;
  /** No answer: the connection failed, or the answer did not come within the client's timeouts. */
  failed(timedOut: boolean): void;
}

export function gatherResponse(callbacks: ExchangeCallbacks): Dispatcher.DispatchHandler {
  let status = 0;
  let headers: Record<string, string | string[]> = {};
  const chunks: Buffer[] = [];
  return {
    // Its presence selects undici's current handler API (without it, the deprecated one is assumed).
    onRequestStart() {},
    onResponseStart(_controller, statusCode, responseHeaders) {
      status = statusCode;
      headers = responseHeaders as Record<string, string | string[]>;
    },
    onResponseData(_controller, chunk) {
      chunks.push(chunk);
    },
    onResponseEnd() {
      const body = chunks.length === 0 ? '' : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      callbacks.answered(status, headers, body);
    },
    onResponseError(_controller, error) {
      const timedOut = TIMEOUT_CODES.has((error as { code?: string }).code ?? '');
      // Not from within undici's error path: a refused connection fails at once, and the next request may too.
      setImmediate(() => callbacks.failed(timedOut));
    },
  };
}
