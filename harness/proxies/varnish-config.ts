// The VCL for each mode (measured with Varnish 7.1: docs/benchmarks.md, Proxies). Pure: tested without starting Varnish.
//   revalidate  ttl 1 ms + keep: every request is a conditional fetch; the origin's 304 is served from the copy
//   ttl         a fixed TTL, Cache-Control ignored: a staleness window the oracle measures
//   purge       a long TTL; purges by URL (PURGE /doc/x) or by xkey tag (PURGE with `xkey-purge: <keys>`)
// Objects are tagged with keys derived from the URL (`<doc id>`, `group:<name>`) plus any the origin names in
// an `xkey` header (the reference names every document a group page lists), so a purge by document id
// reaches every page that shows the document.
// A compressing origin is asked for identity (see vcl_backend_fetch); a request with If-Match is passed to the
// origin, which evaluates it (Varnish does not).
// A purge only drops what the cache holds: a render fetched before a write can reach Varnish after the
// purge that followed it. Varnish remembers when it last purged (vmod var, global) and does not keep a
// fetch that began before then: exact, at the cost of not storing the pages fetched while any purge came.

import type { ProxyMode } from '../contract/proxy-spec.js';
import { EVERY_PAGE_XKEY } from '../../protocol/purge-style.js';

export interface VarnishConfigOptions {
  readonly mode: ProxyMode;
  /** Origins, `host:port` each; requests are spread round-robin. */
  readonly backends: readonly string[];
  /** TTL of the `ttl` mode, in seconds. */
  readonly ttlS: number;
  /** Who may purge: this machine (embedded), or any private address (a container network of its own). */
  readonly purgers?: PurgersFrom;
}

export type PurgersFrom = 'loopback' | 'private-networks';

const PURGER_ACL: Record<PurgersFrom, readonly string[]> = {
  loopback: ['"127.0.0.1"', '"::1"'],
  'private-networks': ['"127.0.0.1"', '"::1"', '"10.0.0.0"/8', '"172.16.0.0"/12', '"192.168.0.0"/16'],
};

export const PURGE_TTL = '1h';

export function varnishConfig(options: VarnishConfigOptions): string {
  if (options.backends.length === 0) throw new RangeError('varnish needs at least one backend');
  const backends = options.backends.map((hostPort, i) => {
    const [host, port] = splitHostPort(hostPort);
    return `backend origin${i} {\n  .host = "${host}";\n  .port = "${port}";\n  .connect_timeout = 5s;\n  .first_byte_timeout = 30s;\n}`;
  });
  const adds = options.backends.map((_, i) => `  origins.add_backend(origin${i});`).join('\n');
  return `vcl 4.1;

import directors;
import std;
import var;
import xkey;

${backends.join('\n\n')}

acl purgers {
${PURGER_ACL[options.purgers ?? 'loopback'].map((entry) => `  ${entry};`).join('\n')}
}

sub vcl_init {
  new origins = directors.round_robin();
${adds}
}

sub vcl_recv {
  set req.backend_hint = origins.backend();
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "purging is not allowed from here"));
    }
    // Milliseconds are what a REAL keeps as text; the comparison below counts a tie as overtaken.
    var.global_set("last-purge", "" + std.time2real(now, 0.0));
    if (req.http.xkey-purge) {
      set req.http.x-purged = xkey.purge(req.http.xkey-purge);
      return (synth(200, "purged " + req.http.x-purged));
    }
    return (purge);
  }
  // Unsafe methods (PUT, DELETE) go to the origin untouched and are never cached.
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  // Varnish does not evaluate If-Match (it would serve its copy): the origin does (RFC 9110 §13.1.1).
  if (req.http.If-Match) {
    return (pass);
  }
${options.mode === 'revalidate' ? REVALIDATE_EACH : ''}  // Cookies and Authorization would make the built-in VCL pass; pages do not depend on them.
  return (hash);
}

${options.mode === 'revalidate' ? REFETCH_HITS : ''}
sub vcl_hash {
  // One object per path, whatever the Host: a purge of /doc/x reaches it.
  hash_data(req.url);
  return (lookup);
}

sub vcl_backend_fetch {
  var.set_real("fetch-start", std.time2real(now, 0.0));
  // With its gzip support on, Varnish keeps one object per path whatever Vary: Accept-Encoding says, asks the
  // origin for gzip and gunzips for every client that did not accept it, weakening the ETag (W/"<rev>-gzip"):
  // the harness's readers (no Accept-Encoding) would be served that, each response gunzipped on the way. The
  // object is fetched as identity instead: what every client can take, its strong ETag kept. A passed request
  // (If-Match) keeps the client's own Accept-Encoding: the origin's answer goes to that client only.
  if (!bereq.uncacheable) {
    unset bereq.http.Accept-Encoding;
  }
}

sub vcl_backend_response {
  if (bereq.uncacheable) {
    return (deliver);
  }
  // The origin's render was overtaken by an invalidation (the reference says so: do not store, or expired
  // already), or a purge came while it
  // was being fetched (it may show what the purge was meant to drop): never keep it.
  if (beresp.status != 200 || beresp.http.X-Accel-Expires ~ "^(0|@1)$" || std.real(var.global_get("last-purge"), 0.0) >= var.get_real("fetch-start")) {
    // 404s and errors are not kept: a recreated document must show at once. Marked hit-for-miss for a second,
    // not 0 s: with 0 s every request for the page queues behind the next fetch (Varnish's waiting list), and a
    // hot page whose fetches keep crossing purges stalls its clients for seconds. Hit-for-miss serves nothing;
    // it only lets the next requests fetch at once, and a cacheable answer replaces it.
    set beresp.ttl = 1s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  // Tags for purging by document id: from the URL, plus whatever the origin named, plus one every page carries
  // (a purger that may have missed changes, its feed back from an outage, drops them all).
  if (bereq.url ~ "^/doc/[^/?]+$") {
    set beresp.http.xkey = regsub(bereq.url, "^/doc/", "") + " " + beresp.http.xkey;
  } else if (bereq.url ~ "^/group/[^/?]+$") {
    set beresp.http.xkey = "group:" + regsub(bereq.url, "^/group/", "") + " " + beresp.http.xkey;
  }
  set beresp.http.xkey = "${EVERY_PAGE_XKEY} " + beresp.http.xkey;
${modeRules(options)}
  set beresp.uncacheable = false;
  return (deliver);
}

sub vcl_deliver {
  unset resp.http.xkey;
  if (obj.hits > 0) {
    set resp.http.x-cache = "hit";
  } else {
    set resp.http.x-cache = "miss";
  }
}
`;
}

// Revalidating every request means each is asked of the origin after it arrived: not handed the answer of a fetch
// that began before it (Varnish's waiting list coalesces requests for one object). A write acknowledged between
// the two made that answer stale: the oracle caught such 304s and 200s, sent 0.2–3 ms after a write. Nor served
// from the copy while it is fresh: with its 1 ms TTL, 28 % of back-to-back requests were hits, and a faults run
// caught a stale 200 sent 0.97 ms after a write. req.ttl caps freshness at 1 µs (0 would mean "unset"); Varnish
// dates it from the request's arrival, so a copy stored just after a request arrived is still a hit for it
// (4 in 1,200): vcl_hit sends those round again as a miss, fetched in full.
const REVALIDATE_EACH = `  set req.hash_ignore_busy = true;
  set req.ttl = 0.001ms;
  if (req.restarts == 0) {
    unset req.http.x-etag-bench-refetch;
  } else if (req.http.x-etag-bench-refetch) {
    set req.hash_always_miss = true;
  }
`;

const REFETCH_HITS = `
sub vcl_hit {
  // revalidate: no request is answered from the copy alone (see vcl_recv).
  if (req.restarts == 0) {
    set req.http.x-etag-bench-refetch = "1";
    return (restart);
  }
}
`;

function modeRules(options: VarnishConfigOptions): string {
  switch (options.mode) {
    case 'revalidate':
      // ttl 0s would store nothing; 1 ms stores the copy and makes every request a conditional fetch.
      return '  set beresp.ttl = 0.001s;\n  set beresp.grace = 0s;\n  set beresp.keep = 1h;';
    case 'ttl':
      // Cache-Control: no-cache from the origin is overridden on purpose: this mode is the TTL window.
      return `  set beresp.ttl = ${seconds(options.ttlS)};\n  set beresp.grace = 0s;\n  set beresp.keep = 1h;`;
    case 'purge':
      return `  set beresp.ttl = ${PURGE_TTL};\n  set beresp.grace = 0s;\n  set beresp.keep = 0s;`;
  }
}

function seconds(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`ttl must be a positive number of seconds, not ${value}`);
  return `${Math.round(value * 1000) / 1000}s`;
}

export function splitHostPort(hostPort: string): [string, string] {
  const colon = hostPort.lastIndexOf(':');
  if (colon <= 0) throw new RangeError(`not host:port: ${hostPort}`);
  return [hostPort.slice(0, colon), hostPort.slice(colon + 1)];
}
