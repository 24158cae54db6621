// Several results files taken as the load machines of ONE run, merged into one results file: runs are paired by
// (scenario, impl, proxy) and merged exactly (merge-runs.ts). A run that some files lack is merged from the
// files that have it and marked partial. The environment is the first file's; machines that differ say so.

import type { ConformanceResult, ResultsFile } from '../../harness/results/types.js';
import { mergeRuns, type MachineRun, type MergedRun } from './merge-runs.js';
import { describeKey, keyString, keyedRuns, type RunKey } from './run-key.js';
import { checkShardSet } from './shard-set.js';

/** A results file and the name it goes by in notes (its path as given). */
export interface SourcedResults {
  readonly source: string;
  readonly results: ResultsFile;
}

export interface MergedResults {
  readonly results: ResultsFile;
  readonly notes: string[];
}

export function mergeResults(files: readonly SourcedResults[]): MergedResults {
  if (files.length === 0) throw new RangeError('nothing to merge: no results file');
  const groups = new Map<string, { key: RunKey; machines: MachineRun[] }>();
  for (const file of files) {
    for (const { key, run } of keyedRuns(file.results.runs)) {
      const id = keyString(key);
      const group = groups.get(id) ?? { key, machines: [] };
      group.machines.push({ source: file.source, run });
      groups.set(id, group);
    }
  }
  const notes = environmentNotes(files);
  const runs = [...groups.values()].map(({ key, machines }) => {
    const label = describeKey(key);
    notes.push(...checkShardSet(label, machines));
    const merged = mergeRuns(label, machines);
    notes.push(...merged.notes);
    return machines.length === files.length ? merged.run : incomplete(merged, label, files, machines, notes);
  });
  if (runs.some((run) => run.couchRequests !== null) && files.length > 1) {
    notes.push("couchRequests.perPageRequest is the request-weighted mean of the machines' figures (the harness's probe requests are not in results.json)");
  }
  const first = files[0]!.results;
  const results: ResultsFile = {
    ...first,
    startedAt: earliest(files.map((f) => f.results.startedAt)),
    environment: {
      ...first.environment,
      proxyVersions: Object.assign({}, ...files.map((f) => f.results.environment.proxyVersions).reverse()),
      // The merged load came from every machine: its ceiling is theirs together.
      harnessCeilingRps: sumOrNull(files.map((f) => f.results.environment.harnessCeilingRps)),
      ...loadGeneratorOf(files),
    },
    runs,
    ...conformanceOf(files),
  };
  return { results, notes };
}

function incomplete(merged: MergedRun, label: string, files: readonly SourcedResults[], machines: readonly MachineRun[], notes: string[]) {
  const present = new Set(machines.map((m) => m.source));
  const absent = files.map((f) => f.source).filter((source) => !present.has(source));
  notes.push(`${label}: not in ${absent.join(', ')}: merged from ${machines.length} of ${files.length} files, marked partial`);
  return { ...merged.run, partial: true };
}

function environmentNotes(files: readonly SourcedResults[]): string[] {
  const describe = (r: ResultsFile) => `${r.environment.kind}, CouchDB ${r.environment.couchdb.version}, ${r.tool.name} ${r.tool.version}`;
  const first = describe(files[0]!.results);
  return files
    .slice(1)
    .filter((f) => describe(f.results) !== first)
    .map((f) => `${f.source} ran on ${describe(f.results)}, ${files[0]!.source} on ${first}: the environment shown is the first file's`);
}

function earliest(timestamps: readonly string[]): string {
  return timestamps.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + v!, 0);
}

/** Each stack's conformance (implementation × proxy) once, from the first file that has it. */
export function conformanceOf(files: readonly SourcedResults[]): { conformance?: ConformanceResult[] } {
  const byStack = new Map<string, ConformanceResult>();
  for (const file of files) {
    for (const entry of file.results.conformance ?? []) {
      const key = `${entry.impl}\0${entry.proxy ?? ''}`;
      if (!byStack.has(key)) byStack.set(key, entry);
    }
  }
  return byStack.size === 0 ? {} : { conformance: [...byStack.values()] };
}

/** The machines' load generators: one name when they agree, each named otherwise, none when none said. */
function loadGeneratorOf(files: readonly SourcedResults[]): { loadGenerator?: string } {
  const named = [...new Set(files.flatMap((f) => (f.results.environment.loadGenerator === undefined ? [] : [f.results.environment.loadGenerator])))];
  return named.length === 0 ? {} : { loadGenerator: named.join(' + ') };
}
