// memcached for the `ttl` implementation: Debian's binary, started on a free loopback port, stopped again.
// When it is not installed, `ttl` is reported unavailable with the install command, never replaced.

import { spawnInOwnGroup } from '../child-processes.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../implementations/free-port.js';
import { stopChild } from '../stop-child.js';
import { StartupError } from '../errors.js';

export const MEMCACHED_INSTALL = 'apt-get install memcached';

export interface StartedMemcached {
  /** `host:port`, for MEMCACHED_SERVERS. */
  readonly servers: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** The memcached binary: ETAG_BENCH_MEMCACHED when set, else on PATH (or /usr/bin); undefined when absent. */
export function findMemcached(): string | undefined {
  const override = process.env.ETAG_BENCH_MEMCACHED;
  const candidates =
    override !== undefined ? [override] : [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'].map((dir) => join(dir, 'memcached'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function startMemcached(binary: string): Promise<StartedMemcached> {
  const port = await freePort();
  // memcached refuses to run as root without -u; -U 0 turns UDP off.
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', ...(process.getuid?.() === 0 ? ['-u', 'root'] : [])];
  const child = spawnInOwnGroup(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = (): Promise<void> => stopProcess(child);
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers: `127.0.0.1:${port}`, version: await versionOf(binary), stop };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new StartupError(`memcached exited with code ${child.exitCode}: ${stderr().trim()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new StartupError(`memcached not listening on 127.0.0.1:${port} after 5 s`);
}

async function versionOf(binary: string): Promise<string> {
  const child = spawn(binary, ['-V'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await once(child, 'exit');
  return out.trim() || 'memcached';
}

function stopProcess(child: ChildProcess): Promise<void> {
  return stopChild(child);
}
