// The closed-loop driver `run` uses, by name, and how results.json names it. undici is the default: with the
// readers' hooks it keeps ~0.9× of autocannon-alone's rate where autocannon's own hook path keeps ~0.5×
// (npm run bench: harness-vs-wrk); autocannon stays selectable, as a second, independent client to cross-check.
// autocannon is an optional peer dependency (harness/optional-peers.ts): loaded only when it is asked for.

import { createRequire } from 'node:module';
import type { LoadDriver } from './load-driver.js';
import { UndiciClosedLoop } from './undici-closed-loop.js';

export const CLOSED_LOOP_DRIVERS = ['undici', 'autocannon'] as const;
export type ClosedLoopDriverName = (typeof CLOSED_LOOP_DRIVERS)[number];

export async function closedLoopDriver(name: ClosedLoopDriverName): Promise<LoadDriver> {
  if (name === 'undici') return new UndiciClosedLoop();
  const { AutocannonClosedLoop } = await import('./autocannon-driver.js');
  return new AutocannonClosedLoop();
}

/** "undici 7.30.2": the library and the version that sent the closed-loop reads. */
export function closedLoopDriverLabel(name: ClosedLoopDriverName): string {
  const require = createRequire(import.meta.url);
  const { version } = require(`${name}/package.json`) as { version: string };
  return `${name} ${version}`;
}
