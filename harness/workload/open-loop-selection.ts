// Which driver sends a scenario's reads, and how its load is reported in results.json.

import type { RunLoad } from '../results/types.js';
import type { LoadMode } from '../scenario/scenario.js';
import type { LoadDriver } from './load-driver.js';
import { OpenLoopDriver } from './open-loop-driver.js';

/** Open loop: a driver on the scenario's schedule; closed loop: the one given (autocannon's, shared by the runs). */
export function driverFor(load: LoadMode, closedLoop: LoadDriver): LoadDriver {
  return load.mode === 'open' ? new OpenLoopDriver({ ratePerSecond: load.ratePerSecond, maxInFlight: load.maxInFlight }) : closedLoop;
}

/** results.json's `load`; missedSends only when the load ran (a run that never started has none). */
export function runLoadOf(load: LoadMode, missedSends?: number): RunLoad {
  if (load.mode === 'closed') return { mode: 'closed' };
  return { mode: 'open', targetRps: load.ratePerSecond, ...(missedSends === undefined ? {} : { missedSends }), maxInFlight: load.maxInFlight };
}
