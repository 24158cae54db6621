// Stopping a child process the harness started: SIGTERM so it can close cleanly, SIGKILL if it has not exited
// after a grace period; resolves once it has exited. Shared by every long-running child (CouchDB, memcached,
// proxies, the invalidator, bench servers); implementations stop their whole process group instead.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export const STOP_GRACE_MS = 5_000;

export interface StopOptions {
  /** The child's exit, when the caller already listens for it (an exit that happened before this call counts). */
  readonly exited?: Promise<unknown>;
  /** Send SIGCONT first: a stopped process (SIGSTOP, a fault) acts on SIGTERM only once continued. */
  readonly continueFirst?: boolean;
  readonly graceMs?: number;
}

export async function stopChild(child: ChildProcess, options: StopOptions = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = options.exited ?? once(child, 'exit');
  if (options.continueFirst === true) child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
