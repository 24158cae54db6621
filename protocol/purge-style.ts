// How a purger names what a caching proxy must drop: the wire agreement between an app that purges (the
// reference, the invalidator) and the proxy configurations the harness writes.
//   xkey     one `PURGE /` with `xkey-purge: <keys>` (Varnish + varnish-modules): keys are document ids, `group:<g>`
//   url      one `PURGE <path>` per page (Varnish, cache-purge modules)
//   refresh  one `GET <path>` with `X-Etag-Bench-Refresh: 1` per page: the proxy fetches it anew (nginx)
export type PurgeStyle = 'xkey' | 'url' | 'refresh';
