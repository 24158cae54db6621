// The built-in scenarios with their one-line descriptions, for `etag-bench scenarios`. Each file is
// loaded in full, so a broken built-in shows up here rather than in the middle of a run.

import { builtInScenarioFile, builtInScenarios, loadScenario } from './load-scenario.js';

export interface ScenarioListing {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the scenario file: a starting point for one of your own. */
  readonly file: string;
}

export function listScenarios(): ScenarioListing[] {
  return builtInScenarios().map((name) => ({
    name,
    description: loadScenario(name).description,
    file: builtInScenarioFile(name),
  }));
}

/** One line per scenario: the name padded to a column, then the description. */
export function formatScenarioList(listing: readonly ScenarioListing[]): string {
  const width = Math.max(0, ...listing.map((entry) => entry.name.length));
  return listing.map((entry) => `${entry.name.padEnd(width)}  ${entry.description}\n`).join('');
}
