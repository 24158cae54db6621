// nginx.conf for each mode (measured with nginx 1.22: docs/benchmarks.md, Proxies). Pure: tested without starting nginx.
//   ttl    serves its copy for a TTL without asking the origin (Cache-Control ignored), then revalidates
//   purge  a long TTL; a purger replaces a page's copy with `GET /doc/x` + `X-Etag-Bench-Refresh: 1` from
//          loopback (proxy_cache_bypass: nginx fetches the page and stores the answer, a 404 included)
// nginx cannot revalidate every request: `proxy_cache_valid 200 0s` stores nothing.
// Why not `proxy_cache_purge PURGE from 127.0.0.1` (libnginx-mod-http-cache-purge 1:2.3-4, Debian 12)? It
// loads, but every PURGE kills the worker with signal 11 on nginx 1.22 (measured here; the module's
// config struct predates nginx 1.11.6, FRiCKLE/ngx_cache_purge#68), and its separate-location syntax
// never takes the request. The refresh does the same job with stock nginx. nginx cannot tell that a render
// was fetched before a write; the origin can: a render an invalidation overtook comes with
// `X-Accel-Expires: @1` (expired already), which nginx stores in place of its copy and revalidates before
// serving (`0` would keep the older copy, which may be staler still).
// A compressing origin (the reference sends gzip and br when asked) is asked for identity only: the copy is one
// per path, so it must suit every client.
// Everything nginx writes (pid, logs, cache, temp files) goes under `dir`, removed on stop.

import { join } from 'node:path';
import type { ProxyMode } from '../contract/proxy-spec.js';
import type { PurgersFrom } from './varnish-config.js';

export interface NginxConfigOptions {
  readonly mode: Exclude<ProxyMode, 'revalidate'>;
  readonly listen: string;
  readonly backends: readonly string[];
  readonly ttlS: number;
  /** The proxy's private directory. */
  readonly dir: string;
  /** Run workers as root (nginx switches to `nobody` otherwise, who cannot write into `dir`). */
  readonly asRoot: boolean;
  /** Who may refresh: this machine (embedded), or any private address (a container network of its own). */
  readonly purgers?: PurgersFrom;
}

export const NGINX_PURGE_TTL = '1h';

// Only a purger may refresh a page: on this machine, or on the proxy's own container network.
const REFRESH_FROM: Record<PurgersFrom, string> = {
  loopback: '"127.0.0.1:1" 1;',
  'private-networks': '"~^(127\\.|10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)[0-9.]+:1$" 1;',
};

const refreshMap = (purgers: PurgersFrom): string => `  map "$remote_addr:$http_x_etag_bench_refresh" $refresh {
    default 0;
    ${REFRESH_FROM[purgers]}
  }

`;

// A deletion must replace the copy too; a refresh bypasses the copy and stores the origin's answer.
const REFRESH_RULES = `      proxy_cache_valid 404 ${NGINX_PURGE_TTL};
      proxy_cache_bypass $refresh;
`;

export function nginxConfig(options: NginxConfigOptions): string {
  if (options.backends.length === 0) throw new RangeError('nginx needs at least one backend');
  const at = (name: string): string => join(options.dir, name);
  const purge = options.mode === 'purge';
  const valid = purge ? NGINX_PURGE_TTL : ttlSeconds(options.ttlS);
  return `${options.asRoot ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;

events {
  worker_connections 4096;
}

http {
  access_log off;
  client_body_temp_path ${at('client-body')};
  proxy_temp_path ${at('proxy-temp')};
  fastcgi_temp_path ${at('fastcgi-temp')};
  uwsgi_temp_path ${at('uwsgi-temp')};
  scgi_temp_path ${at('scgi-temp')};
  proxy_cache_path ${at('cache')} levels=1:2 keys_zone=pages:16m max_size=256m inactive=1h use_temp_path=off;

${purge ? refreshMap(options.purgers ?? 'loopback') : ''}  upstream origins {
${options.backends.map((b) => `    server ${b};`).join('\n')}
    keepalive 64;
  }

  server {
    listen ${options.listen};
    # nginx closes a client connection after 1000 requests by default; a load generator's connection then
    # fails a request in flight, which would be counted as the implementation's error.
    keepalive_requests 1000000;
    keepalive_timeout 75s;

    location / {
      proxy_pass http://origins;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # One copy per path whatever the client accepts (Vary is ignored below): the origin is always asked for
      # identity, so a gzip copy fetched for one client is never handed to another that did not ask for it.
      proxy_set_header Accept-Encoding "";
      proxy_cache pages;
      # One entry per path, whatever the Host: a refresh of /doc/x replaces it.
      proxy_cache_key $uri;
      # Only safe methods are cached; PUT and DELETE go to the origin.
      proxy_cache_methods GET HEAD;
      # The origin says no-cache; this proxy keeps pages anyway, for a TTL or until purged.
      proxy_ignore_headers Cache-Control Expires Vary;
      proxy_cache_valid 200 ${valid};
      # After expiry nginx asks the origin with If-None-Match; a 304 renews its copy.
      proxy_cache_revalidate on;
${purge ? REFRESH_RULES : ''}      add_header X-Cache $upstream_cache_status;
    }
  }
}
`;
}

function ttlSeconds(value: number): string {
  // nginx counts whole seconds.
  if (!(value >= 1) || !Number.isInteger(value)) throw new RangeError(`nginx's ttl must be a whole number of seconds ≥ 1, not ${value}`);
  return `${value}s`;
}
