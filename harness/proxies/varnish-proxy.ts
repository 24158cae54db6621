// Varnish (Debian's varnishd) in the foreground, with its own work directory, VCL and no management port.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillTemplate } from './proxy-config-template.js';
import { spawnProxy } from './proxy-process.js';
import type { ProxyStartOptions, StartedProxy } from './started-proxy.js';
import { varnishConfig } from './varnish-config.js';

export async function startVarnish(options: ProxyStartOptions): Promise<StartedProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'etag-bench-varnish-'));
  const vcl = join(dir, 'default.vcl');
  const { configTemplate, backends } = options;
  const listen = `127.0.0.1:${options.port}`;
  writeFileSync(
    vcl,
    configTemplate === undefined
      ? varnishConfig({ mode: options.spec.mode, backends, ttlS: options.ttlS })
      : fillTemplate(configTemplate, { backends, listen, dir }),
  );
  const args = [
    '-F',
    // No jail: it runs as whoever runs the harness, in a directory only that user owns.
    '-j',
    'none',
    '-n',
    join(dir, 'work'),
    '-a',
    listen,
    '-f',
    vcl,
    '-T',
    'none',
    '-s',
    'malloc,128m',
    '-p',
    'thread_pools=1',
    '-p',
    'vsl_space=16m',
  ];
  const started = await spawnProxy({ label: `varnish (${options.spec.spec})`, binary: options.binary, args, port: options.port, dir });
  return { spec: options.spec, url: `http://127.0.0.1:${options.port}`, version: options.version, purgeStyle: 'xkey', stop: () => started.stop() };
}
