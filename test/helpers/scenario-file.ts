// Scenario files for the tests that run the CLI: one file written from a built-in scenario or from a whole
// scenario, with top-level fields replaced, and the shapes several tests share. The scenario loader's own tests
// (test/scenario/) write their bytes themselves: what is on disk is what they test.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInScenarioFile } from '../../harness/scenario/load-scenario.js';
import type { ScenarioFile } from '../../harness/scenario/scenario.js';

/** A built-in scenario (`scenarios/<name>.json`) without its `$schema`, a relative path that means nothing elsewhere. */
function builtInScenario(name: string): ScenarioFile {
  const { $schema: _schema, ...scenario } = JSON.parse(readFileSync(builtInScenarioFile(name), 'utf8')) as ScenarioFile & { $schema?: string };
  return scenario;
}

/**
 * Writes `base` (a built-in scenario's name, or a whole scenario) with `changes` over it to `<dir>/<file>.json`
 * and returns its path. A change replaces a top-level field whole: pass all of `writers`, not one of its keys.
 */
export function scenarioFile(dir: string, base: string | ScenarioFile, changes: Partial<ScenarioFile> = {}, file = 'scenario'): string {
  const path = join(dir, `${file}.json`);
  writeFileSync(path, JSON.stringify({ ...(typeof base === 'string' ? builtInScenario(base) : base), ...changes }));
  return path;
}

/** smoke in `durationS` s: 60 documents, not 200, so pages are revisited often enough in 2 s on a loaded machine for the seed's stale 304s to show. */
export function shortSmoke(dir: string, durationS = 2): string {
  const changes = { durationS, warmupS: 0.5, documents: { count: 60, groups: 6 }, writers: { ratePerSecond: 30, throughAppShare: 0.4 } };
  return scenarioFile(dir, 'smoke', changes, `smoke-short-${durationS}`);
}

/** The CLI tests' tiny load, a lag probe every 2nd write; `durationS` is the test's (1 s to end soon, 60 s to be interrupted). */
export function tinyScenario(dir: string, durationS: number): string {
  const tiny: ScenarioFile = {
    name: 'tiny',
    description: 'a short test load',
    documents: { count: 30, groups: 3 },
    durationS,
    warmupS: 0.2,
    readers: { connections: 2, clients: 8 },
    writers: { ratePerSecond: 10 },
    probes: { everyNthWrite: 2, deadlineMs: 1000 },
  };
  return scenarioFile(dir, tiny, {}, `tiny-${durationS}`);
}

/** A 2 s run for tests that look at exit codes, processes and output, not at the measures: 20 documents, 5 writes/s. */
export function shortScenario(dir: string, name: string, changes: Partial<ScenarioFile> = {}): string {
  const short: ScenarioFile = {
    name,
    description: 'short',
    documents: { count: 20, groups: 2 },
    durationS: 2,
    warmupS: 0.5,
    readers: { connections: 2, clients: 8 },
    writers: { ratePerSecond: 5 },
  };
  return scenarioFile(dir, short, changes);
}

/** shortScenario behind Varnish purged by the invalidator: every write straight to CouchDB, so only the feed tells of it. */
export function invalidatorScenario(dir: string, name: string, changes: Partial<ScenarioFile> = {}): string {
  return shortScenario(dir, name, { writers: { ratePerSecond: 5, throughAppShare: 0 }, proxy: 'varnish:purge', purgeBy: 'invalidator', ...changes });
}
