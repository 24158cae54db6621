// Waiting out a deliberate restart from the outside: the URL stops answering 200 (the restart has begun), then
// answers 200 again. Shared by CouchDB's restart and an implementation's.

import { StartupError } from '../../errors.js';

export interface RestartWait {
  /** What to poll, e.g. `<base>/_up` or `<base>/health`. */
  readonly url: string;
  /** Named in the error when it does not come back. */
  readonly what: string;
  readonly withinMs: number;
  readonly pollMs: number;
  /** When it still answers after this long, the restart was too fast to see: done. Default: wait for the gap. */
  readonly seenUpForMs?: number;
}

export async function untilRestarted(wait: RestartWait): Promise<void> {
  const started = Date.now();
  let wentDown = false;
  while (Date.now() - started < wait.withinMs) {
    const up = await fetch(wait.url, { signal: AbortSignal.timeout(1000) })
      .then(async (response) => (await response.arrayBuffer(), response.status === 200))
      .catch(() => false);
    if (!up) wentDown = true;
    else if (wentDown) return;
    else if (wait.seenUpForMs !== undefined && Date.now() - started > wait.seenUpForMs) return;
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs));
  }
  throw new StartupError(`${wait.what} did not answer ${new URL(wait.url).pathname} within ${wait.withinMs / 1000} s of its restart`);
}
