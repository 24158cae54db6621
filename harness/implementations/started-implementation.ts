// Starts an implementation under test per the contract of DESIGN.md §3.2 and stops it again: built-ins and
// cmd: specs as child processes (environment HOST, PORT, COUCHDB_URL, COUCHDB_DB; ready when /health
// answers 200), url: specs only checked. Its stderr is kept for diagnostics.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { freePort } from './free-port.js';
import type { ImplSpec } from './impl-spec.js';

/** How long an implementation may take to answer /health (ETAG_BENCH_READY_TIMEOUT_MS: a slow-starting one). */
const READY_TIMEOUT_MS = readyTimeoutMs(process.env.ETAG_BENCH_READY_TIMEOUT_MS);

function readyTimeoutMs(value: string | undefined): number {
  const ms = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(ms) && ms > 0 ? ms : 30_000;
}
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL = 4096;

export interface ImplementationTarget {
  readonly couchdbUrl: string;
  readonly db: string;
  /** More environment for the process (e.g. MEMCACHED_SERVERS for `ttl`). */
  readonly env?: Record<string, string>;
}

export class StartedImplementation {
  #stderr = '';
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    readonly spec: ImplSpec,
    readonly url: string,
    private readonly child: ChildProcess | undefined,
  ) {}

  /** The last few KiB its process wrote to stderr. */
  stderrTail(): string {
    return this.#stderr.slice(-STDERR_TAIL);
  }

  /** How its process ended, once it has. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  static async start(spec: ImplSpec, target: ImplementationTarget): Promise<StartedImplementation> {
    if (spec.kind === 'url') {
      const started = new StartedImplementation(spec, spec.url, undefined);
      await started.#waitHealthy(5_000);
      return started;
    }
    const port = await freePort();
    const env = { ...process.env, ...target.env, HOST: '127.0.0.1', PORT: String(port), COUCHDB_URL: target.couchdbUrl, COUCHDB_DB: target.db };
    // Built-ins run from the compiled package, whatever the current directory is.
    const child =
      spec.kind === 'built-in'
        ? spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'reference-server', 'main.js'), spec.name], { env, stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn('/bin/sh', ['-c', spec.command], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const started = new StartedImplementation(spec, `http://127.0.0.1:${port}`, child);
    child.stderr!.on('data', (chunk: Buffer) => {
      started.#stderr = (started.#stderr + chunk.toString()).slice(-STDERR_TAIL * 2);
    });
    child.once('exit', (code, signal) => (started.#exit = { code, signal }));
    child.once('error', (error) => {
      started.#stderr += `\n${error.message}`;
      started.#exit ??= { code: null, signal: null };
    });
    try {
      await started.#waitHealthy(READY_TIMEOUT_MS);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return started;
  }

  async #waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    for (;;) {
      if (this.#exit !== undefined) {
        throw new StartupError(`${this.spec.spec} exited (${describeExit(this.#exit)}) before it was ready${tail(this.stderrTail())}`);
      }
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return;
        last = `/health answered ${response.status}`;
      } catch (error) {
        last = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      }
      if (Date.now() >= deadline) {
        throw new StartupError(`${this.spec.spec} not ready after ${timeoutMs} ms on ${this.url} (${last})${tail(this.stderrTail())}`);
      }
      await sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; for cmd: the whole process group. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || this.#exit !== undefined || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const signal = (name: NodeJS.Signals): void => {
      try {
        if (this.spec.kind === 'cmd') process.kill(-child.pid!, name);
        else child.kill(name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function tail(stderr: string): string {
  const lines = stderr.trim().split('\n').slice(-5).join('\n  ');
  return lines === '' ? '' : `; its stderr ends:\n  ${lines}`;
}
