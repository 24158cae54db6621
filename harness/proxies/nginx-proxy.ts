// nginx (Debian's binary) in the foreground, with its own prefix directory holding config, cache and logs.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxConfig } from './nginx-config.js';
import { spawnProxy } from './proxy-process.js';
import type { ProxyStartOptions, StartedProxy } from './started-proxy.js';

export async function startNginx(options: ProxyStartOptions): Promise<StartedProxy> {
  if (options.spec.mode === 'revalidate') throw new RangeError('nginx cannot revalidate every request');
  const dir = mkdtempSync(join(tmpdir(), 'etag-bench-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const errorLog = join(dir, 'error.log');
  writeFileSync(
    conf,
    nginxConfig({
      mode: options.spec.mode,
      listen: `127.0.0.1:${options.port}`,
      backends: options.backends,
      ttlS: options.ttlS,
      dir,
      asRoot: process.getuid?.() === 0,
    }),
  );
  // -e: errors before the config is read go to our directory too, not /var/log/nginx.
  const args = ['-p', dir, '-e', errorLog, '-c', conf];
  const started = await spawnProxy({ label: `nginx (${options.spec.spec})`, binary: options.binary, args, port: options.port, dir, logFile: errorLog });
  return { spec: options.spec, url: `http://127.0.0.1:${options.port}`, version: options.version, purgeStyle: 'refresh', stop: () => started.stop() };
}
