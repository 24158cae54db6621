// Before any load: every fault step of every cell must be one its environment performs and its stack offers a
// target for (a proxy to restart, an instance the harness started, feeds that pass through the harness), and must
// fall inside the measured window as the plan shortened it. Otherwise the run is refused, naming each step.

import type { EnvironmentKind } from '../contract/environment.js';
import type { EnvironmentFaults, FaultKind } from '../contract/faults.js';
import { EXTERNAL_COUCHDB, localFaultKinds } from '../faults/local-faults.js';
import { UnsupportedFaultError } from '../errors.js';
import { LASTING_FAULTS, type FaultStep } from '../scenario/scenario.js';
import type { RunCell } from './run-plan.js';

/** What an environment can do, started or only planned. */
export interface FaultAbility {
  readonly kind: EnvironmentKind;
  readonly faults: Pick<EnvironmentFaults, 'kinds' | 'whyNot'>;
}

/**
 * Before anything starts: what the environment will perform where that is known from the plan (embedded and
 * external), else only what the stack and the window allow; containers learn which CouchDB they got once it
 * runs (an image that cannot be had falls back to the in-memory compatible server), and are checked again then.
 */
export function plannedFaultAbility(environment: { readonly kind: EnvironmentKind; readonly persistent: boolean }): FaultAbility | undefined {
  if (environment.kind === 'embedded') return { kind: 'embedded', faults: localFaultKinds({ persistent: environment.persistent }) };
  if (environment.kind === 'external') return { kind: 'external', faults: localFaultKinds(undefined, EXTERNAL_COUCHDB) };
  return undefined;
}

/** `environment` undefined: the stack and window checks only. */
export function refuseFaults(cells: readonly RunCell[], environment: FaultAbility | undefined): void {
  const refused = new Set<string>();
  for (const cell of cells) {
    cell.scenario.faults.forEach((step, i) => {
      const why = whyNot(step, cell, environment);
      if (why !== undefined) refused.add(`${cell.label}: /faults/${i} ${step.kind} at ${step.atS} s: ${why}`);
    });
  }
  if (refused.size > 0) throw new UnsupportedFaultError([...refused]);
}

const FEED_FAULTS: ReadonlySet<FaultKind> = new Set(['cut-feed', 'stall-feed']);

function whyNot(step: FaultStep, cell: RunCell, environment: FaultAbility | undefined): string | undefined {
  const endS = step.atS + (LASTING_FAULTS.has(step.kind) ? (step.forS ?? 1) : 0);
  if (endS >= cell.scenario.durationS) return `it ends at ${endS} s, after the measured window (${cell.scenario.durationS} s)`;
  if (environment !== undefined && !environment.faults.kinds.has(step.kind)) return `--env ${environment.kind} cannot: ${environment.faults.whyNot(step.kind)}`;
  const { impl } = cell;
  if (FEED_FAULTS.has(step.kind) && impl.kind === 'url') return 'a url: implementation reaches CouchDB on its own, not through the harness';
  if (step.kind === 'restart-proxy' && cell.proxy === undefined) return 'no caching proxy in this run';
  if (step.kind === 'restart-implementation') {
    if (impl.kind === 'url') return 'a url: implementation is not a process the harness started';
    if (impl.kind === 'image') return "an image: implementation runs its image's own command, with no supervisor to restart it in its container";
    const instance = step.instance ?? 0;
    if (instance >= cell.scenario.instances) return `no instance ${instance} (${cell.scenario.instances} running)`;
  }
  return undefined;
}
