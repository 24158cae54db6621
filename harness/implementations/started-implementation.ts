// Starts an implementation under test per the implementation contract (docs/architecture.md) and stops it again: built-ins and
// cmd: specs as child processes (environment HOST, PORT, COUCHDB_URL, COUCHDB_DB; ready when /health
// answers 200), url: specs only checked. Its stderr is kept for diagnostics.

import { describeFetchFailure, fetchFailureCode, UNREACHABLE_AT_ONCE } from '../fetch-failure.js';
import { spawnInOwnGroup } from '../child-processes.js';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { freePort } from './free-port.js';
import type { ImplSpec } from '../contract/impl-spec.js';

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
  #child: ChildProcess | undefined;
  /** Processes killed on purpose by restart(): their exit is no crash. */
  readonly #retired = new WeakSet<ChildProcess>();
  #restarting = false;
  #stopping = false;

  private constructor(
    readonly spec: ImplSpec,
    readonly url: string,
    /** What a restart spawns again: the same environment, so the same PORT and URL. */
    private readonly env: NodeJS.ProcessEnv | undefined,
  ) {}

  /** The last few KiB its process wrote to stderr (across restarts). */
  stderrTail(): string {
    return this.#stderr.slice(-STDERR_TAIL);
  }

  /** How its process ended, once it has. Stays undefined while restart() replaces it on purpose: only an exit
   *  nobody asked for (a crash, or a restart that never became ready) is reported. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** Between restart()'s kill and the new process's first 200 from /health. */
  get restarting(): boolean {
    return this.#restarting;
  }

  /** The current process's id (for cmd: the shell leading its process group); undefined for url: specs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  static async start(spec: ImplSpec, target: ImplementationTarget): Promise<StartedImplementation> {
    if (spec.kind === 'url') {
      const started = new StartedImplementation(spec, spec.url, undefined);
      // It should be running already: a refused connection is an answer, not a reason to wait.
      await started.#waitHealthy(5_000, true);
      return started;
    }
    // Refused before anything starts (the run plan, the conformance command); said here should a caller forget.
    if (spec.kind === 'image') throw new StartupError(`${spec.spec}: an image: implementation runs only under --env containers`);
    const port = await freePort();
    const env = { ...process.env, ...target.env, HOST: '127.0.0.1', PORT: String(port), COUCHDB_URL: target.couchdbUrl, COUCHDB_DB: target.db };
    const started = new StartedImplementation(spec, `http://127.0.0.1:${port}`, env);
    started.#spawn();
    await started.#untilReady();
    return started;
  }

  /** A crash on purpose (fault injection): SIGKILL, then the same command, environment and port again;
   *  resolves once /health answers 200. Rejects for url: specs, which the harness did not start. */
  async restart(): Promise<void> {
    const child = this.#child;
    if (child === undefined || this.env === undefined) throw new StartupError(`${this.spec.spec} was not started by the harness: it cannot be restarted`);
    if (this.#exit !== undefined || this.#stopping) throw new StartupError(`${this.spec.spec} is not running: it cannot be restarted`);
    this.#restarting = true;
    try {
      this.#retired.add(child);
      await this.#kill(child, 'SIGKILL');
      if (this.#stopping) return;
      this.#spawn();
      await this.#untilReady();
    } finally {
      this.#restarting = false;
    }
  }

  #spawn(): void {
    const spec = this.spec;
    if (spec.kind === 'url' || spec.kind === 'image') throw new TypeError(`${spec.kind}: implementations are never spawned here`);
    const options = { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] as ['ignore', 'ignore', 'pipe'] };
    // Built-ins run from the compiled package, whatever the current directory is.
    const child =
      spec.kind === 'built-in'
        ? spawnInOwnGroup(process.execPath, [join(PACKAGE_ROOT, 'dist', 'reference-server', 'main.js'), spec.name], options)
        : spawnInOwnGroup('/bin/sh', ['-c', spec.command], options);
    this.#child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-STDERR_TAIL * 2);
    });
    child.once('exit', (code, signal) => {
      if (!this.#retired.has(child)) this.#exit = { code, signal };
    });
    child.once('error', (error) => {
      this.#stderr += `\n${error.message}`;
      if (!this.#retired.has(child)) this.#exit ??= { code: null, signal: null };
    });
  }

  /** Ready, or stopped and the error thrown: a process that never became ready is not left running. */
  async #untilReady(): Promise<void> {
    try {
      await this.#waitHealthy(READY_TIMEOUT_MS);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async #waitHealthy(timeoutMs: number, failAtOnce = false): Promise<void> {
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
        last = describeFetchFailure(error);
        if (failAtOnce && UNREACHABLE_AT_ONCE.has(fetchFailureCode(error))) {
          throw new StartupError(`${this.spec.spec}: ${this.url}/health cannot be reached: ${last}; is it running?`);
        }
      }
      if (Date.now() >= deadline) {
        throw new StartupError(`${this.spec.spec} not ready after ${timeoutMs} ms on ${this.url} (${last})${tail(this.stderrTail())}`);
      }
      await sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; for cmd: the whole process group. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (child === undefined || this.#exit !== undefined) return;
    await this.#kill(child, 'SIGTERM');
  }

  /** Sends `first` (SIGKILL after the grace period if it was not that already) and waits for the exit. */
  async #kill(child: ChildProcess, first: NodeJS.Signals): Promise<void> {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const signal = (name: NodeJS.Signals): void => {
      try {
        if (this.spec.kind === 'cmd') process.kill(-child.pid!, name);
        else child.kill(name);
      } catch {
        // Already gone.
      }
    };
    signal(first);
    const timer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    if (this.spec.kind === 'cmd') await this.#groupGone(child.pid);
  }

  /** The shell's exit does not wait for its children: a server still dying may hold the port a restart needs. */
  async #groupGone(pgid: number): Promise<void> {
    const deadline = Date.now() + STOP_GRACE_MS;
    while (groupRunning(pgid)) {
      if (Date.now() >= deadline) {
        signalGroup(pgid, 'SIGKILL');
        return;
      }
      await sleep(20);
    }
  }
}

/** Whether a process of the group still runs. Zombies do not count: they hold no port, and an orphan's zombie
 *  waits for init to reap it (over a second, measured in a VM). Without /proc, any member counts. */
function groupRunning(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return signalGroup(pgid, 0);
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command name in parentheses: state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}

/** Whether the group had a process to signal. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: none left.
  }
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function tail(stderr: string): string {
  const lines = stderr.trim().split('\n').slice(-5).join('\n  ');
  return lines === '' ? '' : `; its stderr ends:\n  ${lines}`;
}
