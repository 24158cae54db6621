// Debian's varnishd and nginx: where they are, what to install when they are not, and their versions.
// ETAG_BENCH_VARNISHD / ETAG_BENCH_NGINX override the path (tests simulate a missing binary with them).

import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StartupError } from '../errors.js';
import type { ProxySpec } from '../contract/proxy-spec.js';
import type { ProxyBinary } from '../contract/run-proxy.js';

const BINARIES = {
  varnish: { file: 'varnishd', env: 'ETAG_BENCH_VARNISHD', install: 'apt-get install varnish varnish-modules' },
  nginx: { file: 'nginx', env: 'ETAG_BENCH_NGINX', install: 'apt-get install nginx-light' },
} as const;

export type { ProxyBinary };

/** The proxy's binary and version; a clear StartupError (exit 2) with the install command when absent. */
export function findProxyBinary(spec: ProxySpec): ProxyBinary {
  const { file, env, install } = BINARIES[spec.name];
  const override = process.env[env];
  const candidates =
    override !== undefined && override !== ''
      ? [override]
      : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/usr/local/sbin'].map((dir) => join(dir, file));
  const path = candidates.find(isExecutable);
  if (path === undefined) {
    throw new StartupError(`--proxy ${spec.spec}: ${file} is not installed${override ? ` at ${override} (${env})` : ''} (install it: ${install})`);
  }
  return { path, version: versionOf(spec, path) };
}

function versionOf(spec: ProxySpec, path: string): string {
  // Both print their version on stderr.
  const out = spawnSync(path, spec.name === 'varnish' ? ['-V'] : ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const text = `${out.stderr ?? ''}${out.stdout ?? ''}`;
  const match = spec.name === 'varnish' ? /varnish-[^\s)]+/.exec(text) : /nginx\/\S+/.exec(text);
  if (match === null) throw new StartupError(`--proxy ${spec.spec}: ${path} did not tell its version (${text.trim().slice(0, 200) || `exit ${out.status}`})`);
  return match[0];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
