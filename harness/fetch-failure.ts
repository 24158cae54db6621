// What went wrong under fetch's bare "fetch failed": the socket's code (ECONNREFUSED…), a blocked port, or the
// timeout, said so that the user knows what to change.

const SAID: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
};

/** Causes for which waiting longer on a server that should already run cannot help. */
export const UNREACHABLE_AT_ONCE: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'bad port']);

/** The cause's code (`ECONNREFUSED`, `bad port`, `timeout`), or the message. */
export function fetchFailureCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const inner = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof inner?.code === 'string') return inner.code;
  if (typeof inner?.message === 'string') return inner.message;
  return error instanceof Error ? error.message : String(error);
}

/** The cause in words, with its code. */
export function describeFetchFailure(error: unknown): string {
  const code = fetchFailureCode(error);
  if (code === 'bad port') return "the port is on the Fetch standard's blocked-port list, which Node's fetch refuses to connect to";
  if (code === 'timeout') return 'no answer in time';
  const said = SAID[code];
  return said === undefined ? code : `${said}, ${code}`;
}
