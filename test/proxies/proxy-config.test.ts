// Config generation and spec parsing, without starting a proxy.

import t from 'tap';
import { nginxConfig } from '../../harness/proxies/nginx-config.js';
import { countsBetween, sumCounts } from '../../harness/proxies/origin-counter.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { varnishConfig } from '../../harness/proxies/varnish-config.js';

t.test('proxy specs', async (t) => {
  t.equal(parseProxySpec('none'), undefined);
  t.same(parseProxySpec('varnish'), { name: 'varnish', mode: 'revalidate', spec: 'varnish:revalidate' }, 'varnish defaults to revalidate');
  t.same(parseProxySpec('nginx'), { name: 'nginx', mode: 'purge', spec: 'nginx:purge' }, 'nginx defaults to purge');
  t.equal(parseProxySpec('varnish:ttl')?.spec, 'varnish:ttl');
  t.throws(() => parseProxySpec('nginx:revalidate'), { code: 'EB_ERR_INVALID_OPTION', message: /nginx cannot ask the origin on every request/ });
  t.throws(() => parseProxySpec('squid'), { code: 'EB_ERR_INVALID_OPTION', message: /--proxy: "squid"/ });
  t.throws(() => parseProxySpec('varnish:purge:x'), { code: 'EB_ERR_INVALID_OPTION' });
});

t.test('varnish VCL per mode', async (t) => {
  const backends = ['127.0.0.1:4001', '127.0.0.1:4002'];
  const revalidate = varnishConfig({ mode: 'revalidate', backends, ttlS: 1 });
  t.match(revalidate, /set beresp\.ttl = 0\.001s;\s+set beresp\.grace = 0s;\s+set beresp\.keep = 1h;/, 'revalidate: 1 ms ttl with keep');
  t.match(revalidate, /set req\.hash_ignore_busy = true;/, 'revalidate: no request waits for a fetch that began before it');
  t.match(revalidate, /set req\.ttl = 0\.001ms;/, 'revalidate: no copy is fresh for more than 1 µs');
  t.match(revalidate, /sub vcl_hit \{[^}]*return \(restart\);/, 'revalidate: a hit goes round again');
  t.match(revalidate, /set req\.hash_always_miss = true;/, '… as a miss');
  for (const mode of ['ttl', 'purge'] as const) {
    const config = varnishConfig({ mode, backends, ttlS: 1 });
    t.notMatch(config, /hash_ignore_busy|req\.ttl|sub vcl_hit|hash_always_miss/, `${mode}: coalescing and hits kept`);
  }
  t.match(revalidate, /set beresp\.uncacheable = false;\s+return \(deliver\);/);
  t.match(revalidate, /\.port = "4001";[\s\S]*\.port = "4002";/, 'one backend per origin');
  t.match(revalidate, /origins\.add_backend\(origin0\);\s+origins\.add_backend\(origin1\);/, 'round-robin over them');
  t.match(revalidate, /if \(req\.method != "GET" && req\.method != "HEAD"\) \{\s+return \(pass\);/, 'unsafe methods pass');
  t.match(varnishConfig({ mode: 'ttl', backends, ttlS: 2.5 }), /set beresp\.ttl = 2\.5s;/);
  const purge = varnishConfig({ mode: 'purge', backends, ttlS: 1 });
  t.match(purge, /import xkey;/);
  t.match(purge, /xkey\.purge\(req\.http\.xkey-purge\)/, 'PURGE with xkey-purge purges by tag');
  t.match(purge, /set beresp\.ttl = 1h;/);
  t.match(purge, /var\.global_set\("last-purge"/, 'a purge records when it came');
  t.match(purge, /var\.global_get\("last-purge"\), 0\.0\) >= var\.get_real\("fetch-start"\)/, 'a fetch a purge overtook is not kept');
  t.throws(() => varnishConfig({ mode: 'ttl', backends, ttlS: 0 }), RangeError);
  t.throws(() => varnishConfig({ mode: 'ttl', backends: [], ttlS: 1 }), RangeError);
});

t.test('nginx config per mode', async (t) => {
  const base = { listen: '127.0.0.1:5000', backends: ['127.0.0.1:4001'], ttlS: 1, dir: '/tmp/x', asRoot: false };
  const ttl = nginxConfig({ ...base, mode: 'ttl' });
  t.match(ttl, /proxy_ignore_headers Cache-Control Expires/, 'ignores no-cache');
  t.match(ttl, /proxy_cache_valid 200 1s;/);
  t.match(ttl, /proxy_cache_revalidate on;/);
  t.match(ttl, /proxy_cache_methods GET HEAD;/);
  t.match(ttl, /pid \/tmp\/x\/nginx\.pid;/, 'everything under its own directory');
  t.notMatch(ttl, /user root;/);
  t.notMatch(ttl, /proxy_cache_bypass/);
  const purge = nginxConfig({ ...base, mode: 'purge', asRoot: true });
  t.match(purge, /proxy_cache_valid 200 1h;/);
  t.match(purge, /"127\.0\.0\.1:1" 1;/, 'refresh only from loopback');
  t.match(purge, /proxy_cache_bypass \$refresh;/);
  t.match(purge, /user root;/);
  t.throws(() => nginxConfig({ ...base, mode: 'ttl', ttlS: 1.5 }), RangeError, 'nginx counts whole seconds');
});

t.test('origin counts between snapshots', async (t) => {
  const before = { requests: 3, status: { '200': 3 } };
  const after = { requests: 10, status: { '200': 5, '304': 5 } };
  t.same(countsBetween(before, after), { requests: 7, status: { '200': 2, '304': 5 } });
  t.same(sumCounts([before, after]), { requests: 13, status: { '200': 8, '304': 5 } });
});
