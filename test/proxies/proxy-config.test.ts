// Config generation and spec parsing, without starting a proxy.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { nginxConfig } from '../../harness/proxies/nginx-config.js';
import { countsBetween, sumCounts } from '../../harness/proxies/origin-counter.js';
import { parseProxySpec } from '../../harness/contract/proxy-spec.js';
import { varnishConfig } from '../../harness/proxies/varnish-config.js';
import { fillTemplate, templateProblem } from '../../harness/proxies/proxy-config-template.js';
import { resolveProxySetup } from '../../harness/proxies/proxy-setup.js';

t.test('proxy specs', async (t) => {
  t.equal(parseProxySpec('none'), undefined);
  t.same(parseProxySpec('varnish'), { name: 'varnish', mode: 'revalidate', spec: 'varnish:revalidate' }, 'varnish defaults to revalidate');
  t.same(parseProxySpec('nginx'), { name: 'nginx', mode: 'purge', spec: 'nginx:purge' }, 'nginx defaults to purge');
  t.equal(parseProxySpec('varnish:ttl')?.spec, 'varnish:ttl');
  t.throws(() => parseProxySpec('nginx:revalidate'), { code: 'EB_ERR_INVALID_OPTION', message: /nginx cannot ask the origin on every request/ });
  t.throws(() => parseProxySpec('squid'), { code: 'EB_ERR_INVALID_OPTION', message: /--proxy: "squid"/ });
  t.throws(() => parseProxySpec('varnish:purge:x'), { code: 'EB_ERR_INVALID_OPTION' });
  t.same(
    parseProxySpec('varnish@./site.vcl'),
    { name: 'varnish', mode: 'revalidate', configFile: './site.vcl', spec: 'varnish:revalidate@./site.vcl' },
    'a config of your own after @, the mode defaulted',
  );
  t.equal(parseProxySpec('nginx:ttl@/etc/x.conf')?.configFile, '/etc/x.conf');
  t.throws(() => parseProxySpec('varnish@'), { code: 'EB_ERR_INVALID_OPTION', message: /a config file after @/ });
  t.throws(() => parseProxySpec('none@x.vcl'), { code: 'EB_ERR_INVALID_OPTION' }, 'no proxy takes no config');
});

t.test("a config of the user's own: placeholders checked, then filled", async (t) => {
  const vcl = 'vcl 4.1;\nbackend o { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\n';
  t.equal(templateProblem('varnish', vcl), undefined);
  t.equal(
    fillTemplate(vcl, { backends: ['impl-1:8080'], listen: '0.0.0.0:8080', dir: '/tmp/v' }),
    'vcl 4.1;\nbackend o { .host = "impl-1"; .port = "8080"; }\n',
  );
  t.match(templateProblem('varnish', 'vcl 4.1;'), /no \{\{ORIGIN\}\}/, 'a config that never names the origin');
  t.match(templateProblem('varnish', '{{ORIGIN}} {{ORIGN_PORT}}'), /unknown placeholder\(s\) \{\{ORIGN_PORT\}\}/, 'a misspelt placeholder');
  t.match(templateProblem('nginx', 'upstream u { server {{ORIGIN}}; }'), /no \{\{LISTEN\}\}/, 'nginx must listen where the requests go');
  const conf = 'pid {{DIR}}/nginx.pid; listen {{LISTEN}}; server {{ORIGIN}};';
  t.equal(
    fillTemplate(conf, { backends: ['127.0.0.1:4001'], listen: '127.0.0.1:5000', dir: '/tmp/n' }),
    'pid /tmp/n/nginx.pid; listen 127.0.0.1:5000; server 127.0.0.1:4001;',
  );
  t.throws(() => fillTemplate(conf, { backends: ['a:1', 'b:2'], listen: 'x:1', dir: '/d' }), /takes one origin/);
});

t.test('a proxy setup is resolved before anything starts: the config file read and checked, exit 2 otherwise', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-proxy-setup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const good = join(dir, 'good.vcl');
  writeFileSync(good, 'vcl 4.1;\nbackend o { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\n');
  const bad = join(dir, 'bad.vcl');
  writeFileSync(bad, 'vcl 4.1;\n');
  const resolve = (text: string, instances = 1, ttlS = 1) =>
    resolveProxySetup({
      spec: parseProxySpec(text)!,
      purgeBy: 'implementation',
      ttlS,
      instances,
      where: { proxy: '--proxy', ttl: '--proxy-ttl' },
      binaries: undefined,
    });
  t.equal(resolve(`varnish@${good}`).configTemplate, readFileSync(good, 'utf8'), 'the text is carried to the start');
  t.throws(() => resolve(`varnish@${join(dir, 'missing.vcl')}`), {
    code: 'EB_ERR_INVALID_OPTION',
    message: /readable varnish config file after @ \(it does not exist\)/,
  });
  t.throws(() => resolve(`varnish@${bad}`), { code: 'EB_ERR_INVALID_OPTION', message: /placeholders etag-bench can fill: no \{\{ORIGIN\}\}/ });
  t.throws(() => resolve(`varnish@${good}`, 3), { code: 'EB_ERR_INVALID_OPTION', message: /one implementation instance/ });
  t.throws(() => resolve('nginx:ttl', 1, 1.5), { message: /--proxy-ttl: 1.5 is not a whole number of seconds/ });
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
  t.match(revalidate, /if \(req\.http\.If-Match\) \{\s+return \(pass\);/, 'If-Match passes: the origin evaluates it');
  t.match(
    revalidate,
    /sub vcl_backend_fetch \{[^}]*if \(!bereq\.uncacheable\) \{\s+unset bereq\.http\.Accept-Encoding;/,
    'a compressing origin is asked for identity',
  );
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
  t.match(ttl, /proxy_set_header Accept-Encoding "";/, 'one copy per path: the origin is asked for identity');
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
