// results.json's top level: the tool, the environment that ran (CouchDB, proxies, Node, the machine, the
// harness's own ceiling and load generator), the runs and the conformance verdicts.

import { arch, cpus, platform, totalmem } from 'node:os';
import type { Environment } from '../contract/environment.js';
import { PACKAGE_NAME, VERSION } from '../package-info.js';
import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_VERSION, type ConformanceResult, type ResultsFile, type RunResult } from '../results/types.js';

export interface ResultsFileInput {
  readonly environment: Environment;
  readonly startedAt: string;
  /** null: not measured (a conformance-only file). */
  readonly ceiling: number | null;
  /** Absent: no load was generated. */
  readonly loadGenerator?: string;
  readonly runs: RunResult[];
  readonly conformance: ConformanceResult[] | undefined;
  readonly proxyVersions: Record<string, string>;
}

export function resultsFile(input: ResultsFileInput): ResultsFile {
  const processors = cpus();
  return {
    schema: RESULTS_SCHEMA_ID,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: PACKAGE_NAME, version: VERSION },
    startedAt: input.startedAt,
    environment: {
      kind: input.environment.kind,
      couchdb: input.environment.couchdb,
      proxyVersions: input.proxyVersions,
      node: process.version,
      machine: {
        platform: platform(),
        arch: arch(),
        cpus: processors.length,
        cpuModel: processors[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      },
      harnessCeilingRps: input.ceiling,
      ...(input.loadGenerator === undefined ? {} : { loadGenerator: input.loadGenerator }),
    },
    runs: input.runs,
    ...(input.conformance === undefined ? {} : { conformance: input.conformance }),
  };
}
