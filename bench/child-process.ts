// A server under test (or a listener) in a process of its own, so that it never shares the load generator's
// event loop: started from a compiled script, ready once it prints its first JSON line on stdout.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../harness/stop-child.js';

const READY_TIMEOUT_MS = 30_000;

export interface BenchChild<T> {
  readonly process: ChildProcess;
  /** The first line the child printed, parsed (e.g. `{"url"}`). */
  readonly ready: T;
  stop(): Promise<void>;
}

export interface ChildOptions {
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  /** Node's own flags (`--cpu-prof`, …), before the script. */
  readonly nodeArgs?: readonly string[];
  /** Open an IPC channel (`process.send` in the child). */
  readonly ipc?: boolean;
}

/** Starts `script` (a path relative to dist/bench/, e.g. `./bare-304-server.js`) and waits for its first line. */
export async function startChild<T>(script: string, options: ChildOptions = {}): Promise<BenchChild<T>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const stop = (): Promise<void> => stopChild(child);
  try {
    const ready = await firstLine(child, path);
    return { process: child, ready: JSON.parse(ready) as T, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${path} printed no line within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // later output is not read; keep the pipe flowing
      resolve(buffered.slice(0, newline));
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${path} exited (${signal ?? code}) before it was ready`));
    });
  });
}
