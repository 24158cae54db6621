// One `etag-bench couchdb` child process: started, read for its URL, paused and resumed by signal, stopped.
// A restart is a new CouchDbProcess on the old one's port and data dir (embedded-environment.ts).

import { spawnInOwnGroup } from '../child-processes.js';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { stopChild } from '../stop-child.js';

const READY_TIMEOUT_MS = 30_000;
const STDERR_TAIL_CHARS = 4096;

export interface CouchDbProcessOptions {
  /** 0: any free port. */
  readonly port: number;
  /** Keeps the databases on disk there (`--data-dir`); absent: in memory. */
  readonly dataDir?: string;
}

/** The end of a stream's text: enough for a diagnostic, bounded however long the process runs. */
class Tail {
  text = '';
  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  }
}

export class CouchDbProcess {
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly exited: Promise<unknown>,
    private readonly stderr: Tail,
  ) {}

  /** Starts the server and resolves with its URL once it listens; rejects with a StartupError and its stderr. */
  static async start(options: CouchDbProcessOptions): Promise<CouchDbProcess> {
    const cli = join(PACKAGE_ROOT, 'bin', 'etag-bench.js');
    const args = [cli, 'couchdb', '--port', String(options.port), '--json'];
    if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
    const child = spawnInOwnGroup(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = new Tail();
    child.stderr!.on('data', (chunk: Buffer) => stderr.add(chunk));
    const exited = once(child, 'exit');
    try {
      const url = await readyUrl(child, exited, () => stderr.text);
      return new CouchDbProcess(child, url, exited, stderr);
    } catch (error) {
      await terminate(child, exited);
      throw error;
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last few KiB of its stderr, for diagnostics. */
  stderrTail(): string {
    return this.stderr.text;
  }

  /** SIGSTOP: its connections stay open, and nothing is answered until resume(). */
  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** SIGTERM (it closes its databases), SIGKILL after 5 s; resolves once it has exited. Paused, it is resumed first. */
  stop(): Promise<void> {
    this.stopping ??= terminate(this.child, this.exited);
    return this.stopping;
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.running) {
      throw new Error(`CouchDB (${this.url}) is not running: it exited (${this.child.exitCode ?? this.child.signalCode})`);
    }
    this.child.kill(signal);
  }
}

function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  // Paused by a fault, it acts on SIGTERM only once continued.
  return stopChild(child, { exited, continueFirst: true });
}

/** The URL from the first stdout line (`--json`); stdout keeps being read so the pipe never fills. */
function readyUrl(child: ChildProcess, exited: Promise<unknown>, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const settle = (error: Error | undefined, url?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(url!);
    };
    const timer = setTimeout(
      () => settle(new StartupError(`the embedded CouchDB was not ready after ${READY_TIMEOUT_MS} ms: ${stderr().trim()}`)),
      READY_TIMEOUT_MS,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (settled) return;
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      const line = buffered.slice(0, newline);
      try {
        settle(undefined, (JSON.parse(line) as { url: string }).url);
      } catch {
        settle(new StartupError(`the embedded CouchDB printed ${JSON.stringify(line)}, not {"url"}`));
      }
    });
    void exited.then(() => settle(new StartupError(`the embedded CouchDB exited before it was ready: ${stderr().trim()}`)));
  });
}
