// There is no Ryuk here (its image cannot be pulled), so the environment brings its own: a small detached
// process that watches the harness's process and, if it ends without stopping its containers (a second
// Ctrl-C exits at once, a crash, SIGKILL), removes every container of the session and its network. A clean
// stop removes them first and then ends the reaper.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-info.js';
import type { DockerEndpoint } from './docker-api.js';

/** The label every container of one environment carries: `etag-bench.session=<id>`. */
export const SESSION_LABEL = 'etag-bench.session';
/** The harness process that owns a container: `etag-bench.pid=<pid>`. */
export const PID_LABEL = 'etag-bench.pid';

export interface ReaperOrders {
  readonly endpoint: DockerEndpoint;
  readonly parentPid: number;
  readonly session: string;
  readonly networkId: string;
}

export interface Reaper {
  /** The harness stopped everything itself: the reaper has nothing left to do. */
  dismiss(): void;
}

export function startReaper(orders: Omit<ReaperOrders, 'parentPid'>): Reaper {
  const main = join(PACKAGE_ROOT, 'dist', 'harness', 'environment', 'containers', 'container-reaper-main.js');
  const full: ReaperOrders = { ...orders, parentPid: process.pid };
  // Its own process group: a Ctrl-C in the terminal does not reach it.
  const child = spawn(process.execPath, [main, JSON.stringify(full)], { detached: true, stdio: 'ignore' });
  child.unref();
  return {
    dismiss: () => {
      try {
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
