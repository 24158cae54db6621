// Starting and stopping a proxy's process: spawned in the foreground, ready when its port answers HTTP,
// stopped with SIGTERM then SIGKILL; its private directory is removed afterwards. Messages end with the
// last lines it wrote, so a bad config explains itself.

import { spawnInOwnGroup } from '../child-processes.js';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from '../errors.js';
import { stopChild } from '../stop-child.js';

const READY_TIMEOUT_MS = 30_000;

export interface ProxyProcess {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnProxyOptions {
  readonly label: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly dir: string;
  /** A log file in `dir` to quote when it fails (nginx writes there, not to stderr). */
  readonly logFile?: string;
}

export async function spawnProxy(options: SpawnProxyOptions): Promise<ProxyProcess> {
  const child = spawnInOwnGroup(options.binary, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8192);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('error', (error) => keep(Buffer.from(`\n${error.message}`)));
  const text = (): string => `${output}${options.logFile ? readQuietly(options.logFile) : ''}`;
  // A second Ctrl-C exits at once: the proxy must not outlive the harness even then.
  const onExit = (): void => {
    child.kill('SIGKILL');
    rmSync(options.dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    await stopChild(child);
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(options, child, text);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, output: text, stop };
}

async function waitForHttp(options: SpawnProxyOptions, child: ChildProcess, text: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new StartupError(`${options.label} exited (${child.exitCode ?? child.signalCode}) before it was ready${tail(text())}`);
    }
    if (await answers(options.port)) return;
    if (Date.now() >= deadline) throw new StartupError(`${options.label} on :${options.port} not ready after ${READY_TIMEOUT_MS} ms${tail(text())}`);
    await sleep(50);
  }
}

/** Any HTTP answer counts: the proxy is up even when the origin behind it says 404. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'OPTIONS', path: '/health', timeout: 1000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

function readQuietly(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string): string {
  const lines = text.trim().split('\n').slice(-6).join('\n  ');
  return lines === '' ? '' : `; it said:\n  ${lines}`;
}
