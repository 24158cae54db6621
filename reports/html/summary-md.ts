// summary.md: the results as GitHub-flavoured markdown, fit for a CI job summary ($GITHUB_STEP_SUMMARY): the
// environment, a table per scenario, the comparison when there is one, and what a merge could not do exactly.
// Every verdict is a mark and a word (✓, ✗), never colour alone.

import type { ResultsFile, RunResult, Threshold } from '../../harness/results/types.js';
import { hasProxy } from '../charts/run-series.js';
import type { Comparison, FileComparison } from '../combine/compare-runs.js';
import { ceilingWarnings } from './ceiling-warning.js';
import { NO_PROXY, nonConformingStacks, stackGrid, tallyStack, tallyText } from './conformance-stacks.js';
import { JUDGEMENT_TEXT, formatChange, formatValue, judgementCounts } from './comparison-format.js';
import { MISSING, formatCount, formatMs } from './format.js';
import { hasCrossInstance, hasFeedDelivery, hasReadCosts, runFigures } from './run-figures.js';
import { staleExampleWords } from '../../harness/results/stale-example-words.js';

/** Stale examples per run in summary.md (the HTML report and results.json keep more). */
const SUMMARY_STALE_EXAMPLES = 3;

/** What the summary says beyond one results file: where the runs came from, the comparison, notes. */
export interface SummaryContext {
  /** The files the results were built from, when more than one (their environments are listed). */
  readonly sources?: readonly { readonly source: string; readonly results: ResultsFile }[];
  /** True when the sources are the load machines of one run, merged; else they are compared side by side. */
  readonly merged?: boolean;
  /** The file each run came from, parallel to results.runs (runs combined side by side). */
  readonly runSources?: readonly string[];
  readonly comparison?: Comparison;
  readonly notes?: readonly string[];
}

/** Text safe in a table cell: no pipe or line break to split it, no HTML for GitHub to render. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const row = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;

export function environmentLine(results: ResultsFile): string {
  const env = results.environment;
  const m = env.machine;
  const proxies = Object.entries(env.proxyVersions).map(([name, version]) => `${name} ${version}`);
  return [
    `${results.tool.name} ${results.tool.version}`,
    `started ${results.startedAt}`,
    `${env.kind} environment`,
    `CouchDB ${env.couchdb.version}${env.couchdb.nodes === undefined ? '' : ` (a cluster of ${env.couchdb.nodes} nodes)`}`,
    ...(proxies.length > 0 ? [proxies.join(', ')] : []),
    `Node ${env.node}`,
    `${m.platform} ${m.arch}, ${m.cpus} × ${m.cpuModel}, ${formatCount(m.memoryGiB)} GiB`,
    env.harnessCeilingRps === null ? 'harness ceiling not measured' : `harness ceiling ${formatCount(env.harnessCeilingRps)} req/s`,
    ...(env.loadGenerator === undefined ? [] : [`load from ${env.loadGenerator}`]),
  ].join(' · ');
}

/** `stale304 == 0 (42)`: the threshold as written, and the value that failed it. */
function describeThreshold(th: Threshold): string {
  const text = th.name.endsWith(th.limit) ? th.name : `${th.name} ${th.limit}`;
  return `${text} (${th.value === null ? 'no value' : formatCount(th.value)})`;
}

function thresholdsCell(run: RunResult): string {
  if (run.failure !== undefined) return `✗ run failed: ${run.failure}`;
  if (run.thresholds.length === 0) return MISSING;
  const failed = run.thresholds.filter((th) => !th.ok);
  return failed.length === 0 ? `✓ ${run.thresholds.length} met` : `✗ ${failed.map(describeThreshold).join('; ')}`;
}

function scenarioTable(scenario: string, runs: readonly { run: RunResult; source?: string }[]): string {
  const withSource = runs.some((entry) => entry.source !== undefined);
  const withReads = runs.some((entry) => hasReadCosts(entry.run));
  const withFeed = runs.some((entry) => hasFeedDelivery(entry.run));
  const withCross = runs.some((entry) => hasCrossInstance(entry.run));
  const header = [
    ...(withSource ? ['file'] : []),
    'impl',
    'proxy',
    'requests',
    'hit rate (ideal)',
    'stale 304 / 200',
    'lag p50 / p99 (ms)',
    ...(withFeed ? ['raw feed p50 / p99 (ms)'] : []),
    ...(withCross ? ['cross-instance lag p50 / p99 (ms)'] : []),
    '200 p99 (ms)',
    '304 p99 (ms)',
    ...(withReads ? ['CouchDB reads /1k 200 / 304'] : []),
    'errors',
    'thresholds',
  ];
  const align = header.map((name) => (['file', 'impl', 'proxy', 'thresholds'].includes(name) ? '---' : '--:'));
  const lines = runs.map(({ run, source }) => {
    const f = runFigures(run);
    return row([
      ...(withSource ? [source ?? MISSING] : []),
      run.partial ? `${run.impl} (partial)` : run.impl,
      hasProxy(run.proxy) ? run.proxy : 'none',
      run.load?.mode === 'open' ? `${f.requests} (${formatCount(run.load.missedSends ?? 0)} missed)` : f.requests,
      f.hitRate === MISSING ? MISSING : `${f.hitRate} (${f.idealHitRate})`,
      `${f.stale304} / ${f.stale200}`,
      `${f.lagP50} / ${f.lagP99}`,
      ...(withFeed ? [`${f.feedP50} / ${f.feedP99}`] : []),
      ...(withCross ? [`${f.crossP50} / ${f.crossP99}`] : []),
      f.p99200,
      f.p99304,
      ...(withReads ? [`${f.reads200} / ${f.reads304}`] : []),
      f.errors,
      thresholdsCell(run),
    ]);
  });
  // Open loop: latency counts from each intended send time, and sends that found no free connection are missed.
  const open = runs.find(({ run }) => run.load?.mode === 'open')?.run.load;
  const mode = open === undefined ? '' : `Open loop at ${formatCount(open.targetRps ?? 0)} req/s (latency from each intended send time).\n\n`;
  // Behind a proxy, why the cross-instance lag is n/a (once per reason).
  const unavailable = [...new Set(runs.flatMap(({ run }) => (run.crossInstanceLagUnavailable === undefined ? [] : [run.crossInstanceLagUnavailable])))];
  const why = unavailable.map((reason) => `\nCross-instance lag n/a: ${mdCell(reason)}.`);
  return [`### ${mdCell(scenario)}`, '', `${mode}${row(header)}`, `| ${align.join(' | ')} |`, ...lines, ...why].join('\n');
}

function comparisonTables(file: FileComparison): string {
  const parts = [`### Comparison: ${mdCell(file.other)} against ${mdCell(file.baseline)} (baseline)`, ''];
  if (file.runs.length === 0) parts.push('No run in common (same scenario, impl and proxy).', '');
  for (const run of file.runs) {
    parts.push(`**${mdCell(run.label)}**: ${judgementCounts(run.rows)}`, '');
    if (run.failure?.baseline !== undefined) parts.push(`✗ failed in ${mdCell(file.baseline)}: ${mdCell(run.failure.baseline)}`, '');
    if (run.failure?.other !== undefined) parts.push(`✗ failed in ${mdCell(file.other)}: ${mdCell(run.failure.other)}`, '');
    parts.push(row(['metric', 'baseline', 'other', 'change', 'judgement']), '| --- | --: | --: | --: | --- |');
    for (const r of run.rows) {
      parts.push(row([r.metric, formatValue(r.unit, r.baseline), formatValue(r.unit, r.other), formatChange(r), JUDGEMENT_TEXT[r.judgement]]));
    }
    parts.push('');
  }
  if (file.onlyInBaseline.length > 0) parts.push(`Only in ${mdCell(file.baseline)}: ${mdCell(file.onlyInBaseline.join(', '))}`, '');
  if (file.onlyInOther.length > 0) parts.push(`Only in ${mdCell(file.other)}: ${mdCell(file.onlyInOther.join(', '))}`, '');
  return parts.join('\n').trimEnd();
}

/** The first stale responses a run kept, a few per run: what to look for in the implementation's logs. */
function staleExampleLines(runs: readonly RunResult[]): string[] {
  const withExamples = runs.filter((run) => (run.staleExamples?.length ?? 0) > 0);
  if (withExamples.length === 0) return [];
  const lines = withExamples.flatMap((run) =>
    (run.staleExamples ?? []).slice(0, SUMMARY_STALE_EXAMPLES).map((e) => {
      const where = `${run.scenario} × ${run.impl}${hasProxy(run.proxy) ? ` behind ${run.proxy}` : ''}`;
      return `- ${mdCell(where)}: at ${(e.atMs / 1000).toFixed(3)} s, ${mdCell(e.page)} ${e.status} ${mdCell(staleExampleWords(e))} (for ${formatMs(e.staleForMs)} ms)`;
    }),
  );
  return ['### First stale responses', '', ...lines, ''];
}

/** Conformance by stack (implementation × proxy): cases passed, and the required ones failed by id. */
function conformanceLines(results: ResultsFile): string[] {
  const entries = results.conformance ?? [];
  if (entries.length === 0) return [];
  const { impls, proxies, at } = stackGrid(entries);
  const text = (impl: string, proxy: string): string => {
    const entry = at(impl, proxy);
    return entry === undefined ? '-' : tallyText(tallyStack(entry)).text;
  };
  return [
    '### Conformance',
    '',
    row(['implementation', ...proxies.map((proxy) => (proxy === NO_PROXY ? 'no proxy' : proxy))]),
    `|---|${proxies.map(() => '---').join('|')}|`,
    ...impls.map((impl) => row([impl, ...proxies.map((proxy) => text(impl, proxy))])),
    '',
  ];
}

function verdictLine(runs: readonly RunResult[]): string {
  const failing = runs.filter((run) => run.failure !== undefined || run.thresholds.some((th) => !th.ok));
  if (runs.length === 0) return 'No runs.';
  return failing.length === 0 ? `✓ ${runs.length} run(s), every threshold met.` : `✗ ${failing.length} of ${runs.length} run(s) failed or missed a threshold.`;
}

function conformanceVerdict(results: ResultsFile): string[] {
  if ((results.conformance ?? []).length === 0) return [];
  const failing = nonConformingStacks(results);
  return ['', failing.length === 0 ? '✓ conformance: every stack passed its required cases.' : `✗ conformance: ${mdCell(failing.join('; '))}.`];
}

function sourcesBlock(context: SummaryContext): string[] {
  const sources = context.sources ?? [];
  if (sources.length <= 1) return [];
  const what = context.merged ? `Merged from ${sources.length} load machines:` : `${sources.length} files side by side (the first is the baseline):`;
  return [what, '', ...sources.map((s) => `- \`${s.source.replace(/`/g, "'")}\`: ${mdCell(environmentLine(s.results))}`), ''];
}

export function renderSummaryMd(results: ResultsFile, context: SummaryContext = {}): string {
  const scenarios = [...new Set(results.runs.map((run) => run.scenario))];
  const entries = results.runs.map((run, i) => ({ run, source: context.runSources?.[i] }));
  const multiple = (context.sources?.length ?? 0) > 1;
  const parts = [
    '## etag-bench results',
    '',
    ...(multiple ? sourcesBlock(context) : [mdCell(environmentLine(results)), '']),
    verdictLine(results.runs),
    ...conformanceVerdict(results),
    ...ceilingWarnings(results).map((warning) => `\n⚠ ${mdCell(warning)}`),
    '',
    ...scenarios.map(
      (scenario) =>
        `${scenarioTable(
          scenario,
          entries.filter((e) => e.run.scenario === scenario),
        )}\n`,
    ),
    ...staleExampleLines(results.runs),
    ...conformanceLines(results),
    ...(context.comparison?.files ?? []).map((file) => `${comparisonTables(file)}\n`),
  ];
  const notes = context.notes ?? [];
  if (notes.length > 0) parts.push('### Notes', '', ...notes.map((note) => `- ${mdCell(note)}`), '');
  return `${parts.join('\n').trimEnd()}\n`;
}
