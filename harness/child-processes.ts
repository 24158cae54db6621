// Children the harness starts (CouchDB, the implementations, proxies, memcached, the invalidator) run in process
// groups of their own. A terminal's Ctrl-C signals the whole foreground group: a child in it would die while the
// harness still reads its statistics and writes the partial results. Here the harness alone decides when they
// stop, through its Resources on the first interrupt, and through `killChildrenNow` on a second one or at exit.

import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** `spawn`, in a new process group (detached), remembered until it exits. */
export function spawnInOwnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) {
    live.add(child);
    child.once('exit', () => live.delete(child));
  }
  return child;
}

/**
 * SIGKILL to every live child's process group, at once and synchronously (safe in an 'exit' handler): for a
 * second Ctrl-C, and for any exit that left a child behind. A stopped child (SIGSTOP, a fault) dies of SIGKILL too.
 */
export function killChildrenNow(): void {
  for (const child of live) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Detached children would outlive the harness otherwise: nothing is left running, whatever way it exits.
  process.on('exit', killChildrenNow);
}
