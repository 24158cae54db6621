// How a purger names what a caching proxy must drop: the wire agreement between an app that purges (the
// reference, the invalidator) and the proxy configurations the harness writes.
//   xkey     one `PURGE /` with `xkey-purge: <keys>` (Varnish + varnish-modules): keys are document ids, `group:<g>`,
//            and EVERY_PAGE_XKEY, which the proxy puts on every page it keeps (a purger that may have missed
//            changes drops them all)
//   url      one `PURGE <path>` per page (Varnish, cache-purge modules)
//   refresh  one `GET <path>` with `X-Etag-Bench-Refresh: 1` per page: the proxy fetches it anew (nginx)
export type PurgeStyle = 'xkey' | 'url' | 'refresh';

/** The xkey tag the proxy puts on every page it keeps: one purge of it drops them all. */
export const EVERY_PAGE_XKEY = 'etag-bench:every-page';
