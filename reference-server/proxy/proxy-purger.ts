// Purges a caching proxy in front of the app when a document changes: the app's invalidation carried to
// the proxy (as Fastly surrogate keys do). Two styles:
//   xkey  one `PURGE /` with `xkey-purge: <keys>` (Varnish + varnish-modules): keys are document ids and
//         `group:<name>`; the proxy tags each page with the ids it shows, so one key reaches every page
//   url   one `PURGE <path>` per page (Varnish, a cache-purge module): the purger must name the pages
//   refresh  one `GET <path>` with `X-Etag-Bench-Refresh: 1` per page: the proxy fetches it anew and keeps
//         the answer (nginx's proxy_cache_bypass; see harness/proxies/nginx-config.ts for why)
// A render that an invalidation overtook is answered with `X-Accel-Expires: @1` (expired already), so a refresh
// answered by one still replaces the proxy's copy, with one the proxy must revalidate. The purge is repeated
// once after `repeatMs`: a safety net for a render that left the origin before the write and reached the
// proxy after the purge (a repeat is cheap: it usually drops nothing).

import { EVERY_PAGE_XKEY, type PurgeStyle } from '../../protocol/purge-style.js';
import { Agent, request } from 'node:http';

export type { PurgeStyle };

export interface PurgeTargets {
  /** Document ids whose pages are out of date. */
  readonly docIds: readonly string[];
  /** Groups whose page is out of date (membership changed, or a member did). */
  readonly groups: readonly string[];
  /** More page paths known to depend on the documents (url style only; xkey tags cover them). */
  readonly paths?: readonly string[];
  /** Every page the proxy holds (xkey style: EVERY_PAGE_XKEY; the others: `paths`, which must name them). */
  readonly everything?: boolean;
}

export interface ProxyPurgerOptions {
  readonly repeatMs?: number;
  readonly timeoutMs?: number;
}

export const DEFAULT_REPEAT_MS = 250;

export class ProxyPurger {
  #sent = 0;
  #failed = 0;
  #lastError: string | undefined;
  readonly #base: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });
  readonly #repeatMs: number;
  readonly #timeoutMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    proxyUrl: string,
    readonly style: PurgeStyle,
    options: ProxyPurgerOptions = {},
  ) {
    this.#base = new URL(proxyUrl);
    this.#repeatMs = options.repeatMs ?? DEFAULT_REPEAT_MS;
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  get status(): { sent: number; failed: number; lastError?: string } {
    return { sent: this.#sent, failed: this.#failed, ...(this.#lastError ? { lastError: this.#lastError } : {}) };
  }

  /** Resolves once the proxy answered every purge (failures are counted, never thrown). */
  async purge(targets: PurgeTargets): Promise<void> {
    await this.#send(targets);
    if (this.#repeatMs > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void this.#send(targets);
      }, this.#repeatMs);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#agent.destroy();
  }

  #send(targets: PurgeTargets): Promise<void> {
    if (this.style === 'xkey') {
      const keys = targets.everything ? [EVERY_PAGE_XKEY] : [...targets.docIds, ...targets.groups.map((g) => `group:${g}`)];
      return keys.length === 0 ? Promise.resolve() : this.#purgeRequest('PURGE', '/', { 'xkey-purge': keys.join(' ') });
    }
    const paths = new Set([...targets.docIds.map((id) => `/doc/${id}`), ...targets.groups.map((g) => `/group/${g}`), ...(targets.paths ?? [])]);
    const [method, headers] = this.style === 'refresh' ? ['GET', { 'x-etag-bench-refresh': '1' }] : ['PURGE', {}];
    return Promise.all([...paths].map((path) => this.#purgeRequest(method, path, headers))).then(() => undefined);
  }

  #purgeRequest(method: string, path: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve) => {
      const req = request({ host: this.#base.hostname, port: this.#base.port, method, path, headers, agent: this.#agent, timeout: this.#timeoutMs }, (res) => {
        res.resume();
        // nginx answers 404 for a page it did not hold: nothing to drop is not a failure.
        if ((res.statusCode ?? 0) >= 500 || res.statusCode === 403) this.#fail(`${method} ${path}: ${res.statusCode}`);
        else this.#sent++;
        res.once('end', resolve);
        res.once('error', () => resolve());
      });
      req.once('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${this.#timeoutMs} ms`)));
      req.once('error', (error) => {
        this.#fail(error.message);
        resolve();
      });
      req.end();
    });
  }

  #fail(message: string): void {
    this.#failed++;
    this.#lastError = message;
  }
}

/** The purger an implementation process is configured with: PURGE_URL (the proxy) and PURGE_STYLE. */
export function purgerFromEnv(env: NodeJS.ProcessEnv): ProxyPurger | undefined {
  const url = env.PURGE_URL;
  if (url === undefined || url === '') return undefined;
  const style = env.PURGE_STYLE ?? 'url';
  if (style !== 'xkey' && style !== 'url' && style !== 'refresh') throw new Error(`PURGE_STYLE ${style} is not xkey, url or refresh`);
  return new ProxyPurger(url, style);
}
