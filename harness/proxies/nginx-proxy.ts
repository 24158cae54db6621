// nginx (Debian's binary) in the foreground, with its own prefix directory holding config, cache and logs.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxConfig } from './nginx-config.js';
import { fillTemplate } from './proxy-config-template.js';
import { spawnProxy } from './proxy-process.js';
import type { ProxyStartOptions, StartedProxy } from './started-proxy.js';

export async function startNginx(options: ProxyStartOptions): Promise<StartedProxy> {
  const { mode } = options.spec;
  if (mode === 'revalidate') throw new RangeError('nginx cannot revalidate every request');
  const dir = mkdtempSync(join(tmpdir(), 'etag-bench-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const errorLog = join(dir, 'error.log');
  const listen = `127.0.0.1:${options.port}`;
  const { backends, configTemplate } = options;
  // A config of the user's own may let workers run as another user (nobody): they must reach the directory.
  if (configTemplate !== undefined) chmodSync(dir, 0o755);
  writeFileSync(
    conf,
    configTemplate === undefined
      ? nginxConfig({ mode, listen, backends, ttlS: options.ttlS, dir, asRoot: process.getuid?.() === 0 })
      : fillTemplate(configTemplate, { backends, listen, dir }),
  );
  // -e: errors before the config is read go to our directory too, not /var/log/nginx.
  const args = ['-p', dir, '-e', errorLog, '-c', conf];
  const started = await spawnProxy({ label: `nginx (${options.spec.spec})`, binary: options.binary, args, port: options.port, dir, logFile: errorLog });
  return { spec: options.spec, url: `http://127.0.0.1:${options.port}`, version: options.version, purgeStyle: 'refresh', stop: () => started.stop() };
}
