// `etag-bench report`: report.html, results.json and summary.md from saved results files, either compared side
// by side (the first is the baseline) or, with --merge, merged exactly as the load machines of one run.
// A file that cannot be read or parsed is a usage error (exit 2) naming the file; one that is not results of this
// version, or does not match the schema, an InvalidResultsError (exit 2) naming the file and the fields.

import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { combineResults } from '../../../reports/combine/combine-results.js';
import { compareResults } from '../../../reports/combine/compare-runs.js';
import { UndecodableHistogramError } from '../../../reports/combine/hdr-merge.js';
import { mergeResults, type SourcedResults } from '../../../reports/combine/merge-results.js';
import { renderComparisonSection } from '../../../reports/html/comparison-section.js';
import { renderNotesSection } from '../../../reports/html/notes-section.js';
import { writeReport, type ReportExtras } from '../../../reports/html/write-report.js';
import { InvalidOptionError } from '../../errors.js';
import { checkResults } from '../../results/validate-results.js';

interface ReportFlags {
  out: string;
  merge: boolean;
}

const HELP = `
Without --merge, the files are compared side by side; the first is the baseline. Each run found in the
baseline and in another file (same scenario, impl and proxy) gets a table of metric, baseline, other,
change and a judgement:
  better/worse  valid hit rate (stale 304s taken off) and throughput: higher is better; stale 304/200, errors, lag p50/p99, lag
                timeouts, 200/304 latency p50/p99: lower is better
  same          a change within the noise: times under 0.1 ms or 5 %, counts and throughput under 5 %,
                hit rate under 0.5 percentage point; a count leaving or reaching 0 (stale 0 -> 3) always counts
  n/a           a figure one side does not have (no 304s, no lag sample, a failed run)
results.json then holds every file's runs, in the order given (summary.md names the file of each).

With --merge, the files are the load machines of ONE run, merged exactly, run by run (same scenario, impl
and proxy):
  - requests, status, classes, stale, errors, errorReasons, writes, origin and throughput are summed;
  - hitRate and idealHitRate are recomputed from the summed counts (each file's ratio times its conditional
    requests gives back its whole count of hits and ideal hits exactly);
  - latency, invalidation lag and stale-age percentiles are read from the summed HDR histograms, never
    averaged; a file without the histogram (lagHistogram, staleAgeHistograms) leaves that figure out, noted;
  - duration is the longest; timelines are added bucket by bucket, without their latency percentile series
    (per-bucket percentiles cannot be rebuilt from each machine's);
  - thresholds are judged again on the merged figures;
  - couchRequests.perPageRequest is the request-weighted mean of the files' (the harness's probe requests
    are not in results.json): the one merged figure that is not exact, noted as such;
  - a run missing from a file, or failed on one machine, is merged from the others and marked partial;
  - shards of a sharded run (run --shard i/n) must be a whole set: each shard once, one split, one seed;
    anything else is refused (exit 2).
Notes on what could not be merged exactly go to stderr, summary.md and report.html.

Example:
  etag-bench report before/results.json after/results.json -o compare
  etag-bench report machine-*/results.json --merge -o merged && cat merged/summary.md >> "$GITHUB_STEP_SUMMARY"
`;

export function reportCommand(): Command {
  const command: Command = new Command('report')
    .description('build report.html, results.json and summary.md from results files, compared side by side (the first is the baseline) or merged (--merge)')
    .argument('<results.json...>', 'results files written by etag-bench run')
    .requiredOption('-o, --out <dir>', 'where report.html, results.json and summary.md go')
    .option('--merge', 'the files are load machines of one run: merge them exactly (see below)', false)
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: ReportFlags) => {
      const output = command.configureOutput();
      const writeOut = output.writeOut ?? ((text: string) => process.stdout.write(text));
      const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
      await report(paths, flags, writeOut, writeErr);
    });
  return command;
}

async function report(paths: readonly string[], flags: ReportFlags, writeOut: (text: string) => void, writeErr: (text: string) => void): Promise<void> {
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(resolve(path))) throw new InvalidOptionError('report', path, 'usable twice (its runs would count twice)');
    seen.add(resolve(path));
  }
  const files = await Promise.all(paths.map(readResultsFile));
  const { results, extras, notes } = flags.merge ? merged(files) : compared(files);
  for (const note of notes) writeErr(`note: ${note}\n`);
  const written = await writeReport(resolve(flags.out), results, extras);
  writeOut(`report:  ${written.reportPath}\nresults: ${written.resultsPath}\nsummary: ${written.summaryPath}\n`);
}

function merged(files: readonly SourcedResults[]) {
  let merge: ReturnType<typeof mergeResults>;
  try {
    merge = mergeResults(files);
  } catch (error) {
    if (!(error instanceof UndecodableHistogramError)) throw error;
    throw new InvalidOptionError('report --merge', error.source, `mergeable: ${error.message}`);
  }
  const extras: ReportExtras = {
    sources: files,
    merged: true,
    notes: merge.notes,
    htmlSections: [renderNotesSection('Merge notes', merge.notes)],
  };
  return { results: merge.results, extras, notes: merge.notes };
}

function compared(files: readonly SourcedResults[]) {
  const combined = combineResults(files);
  const comparison = files.length > 1 ? compareResults(files) : undefined;
  const extras: ReportExtras = {
    sources: files,
    runSources: combined.runSources,
    ...(comparison !== undefined ? { comparison, htmlSections: [renderComparisonSection(comparison)] } : {}),
  };
  return { results: combined.results, extras, notes: [] };
}

/** One line whatever went wrong: JSON.parse's message can quote the file, line breaks and all. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function readResultsFile(path: string): Promise<SourcedResults> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InvalidOptionError('report', path, `a readable file (${code ?? oneLine(String(error))})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionError('report', path, `JSON (${oneLine(error instanceof Error ? error.message : String(error))})`);
  }
  return { source: path, results: checkResults(value, path) };
}
