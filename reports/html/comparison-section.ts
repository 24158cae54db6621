// The report's comparison section: per run found in the baseline and another file, one row per metric with
// baseline, other, change and the judgement. The judgement is in words with a mark (✓ better, ✗ worse,
// = same), so it reads in black and white; colour only repeats it.

import type { Comparison, FileComparison, RunComparison } from '../combine/compare-runs.js';
import { TOLERANCE } from '../combine/compare-runs.js';
import { JUDGEMENT_TEXT, formatChange, formatValue, judgementCounts } from './comparison-format.js';
import { escapeHtml } from './escape.js';

// Kept with the section, which may be placed in any page: the report's own style does not know these classes.
const STYLE = `<style>
table.comparison td.worse { color: #a40000; font-weight: 600; }
table.comparison td.better { color: #1d6b1d; font-weight: 600; }
table.comparison td.same, table.comparison td.na { color: #555; }
</style>`;

const NOISE =
  `Changes within the noise are "same": times under ${TOLERANCE.ms} ms or ${TOLERANCE.relative * 100}%, ` +
  `counts and throughput under ${TOLERANCE.relative * 100}% (a count leaving or reaching 0 always counts), ` +
  `hit rate under ${TOLERANCE.ratio * 100} percentage point. Lower is better except for hit rate and throughput.`;

const cell = (text: string, className: string) => `<td class="${className}">${escapeHtml(text)}</td>`;

function runTable(run: RunComparison, file: FileComparison): string {
  const failed = [
    run.failure?.baseline !== undefined ? `failed in ${file.baseline}: ${run.failure.baseline}` : '',
    run.failure?.other !== undefined ? `failed in ${file.other}: ${run.failure.other}` : '',
  ].filter((text) => text !== '');
  const rows = run.rows.map((row) =>
    [
      '<tr>',
      `<th scope="row">${escapeHtml(row.metric)}</th>`,
      cell(formatValue(row.unit, row.baseline), 'num'),
      cell(formatValue(row.unit, row.other), 'num'),
      cell(formatChange(row), 'num'),
      cell(JUDGEMENT_TEXT[row.judgement], row.judgement === 'n/a' ? 'na' : row.judgement),
      '</tr>',
    ].join(''),
  );
  return [
    `<h4>${escapeHtml(run.label)} <span class="hint">(${escapeHtml(judgementCounts(run.rows))})</span></h4>`,
    ...failed.map((text) => `<p class="note">${escapeHtml(text)}</p>`),
    '<table class="runs comparison">',
    `<thead><tr><th scope="col">metric</th><th scope="col">baseline</th><th scope="col">other</th><th scope="col">change</th><th scope="col">judgement</th></tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

function fileSection(file: FileComparison): string {
  const parts = [`<h3>${escapeHtml(file.other)} against ${escapeHtml(file.baseline)}</h3>`];
  if (file.runs.length === 0) parts.push('<p class="note">No run in common (same scenario, impl and proxy).</p>');
  parts.push(...file.runs.map((run) => runTable(run, file)));
  if (file.onlyInBaseline.length > 0) parts.push(`<p class="hint">Only in ${escapeHtml(file.baseline)}: ${escapeHtml(file.onlyInBaseline.join(', '))}</p>`);
  if (file.onlyInOther.length > 0) parts.push(`<p class="hint">Only in ${escapeHtml(file.other)}: ${escapeHtml(file.onlyInOther.join(', '))}</p>`);
  return `<section class="comparison">\n${parts.join('\n')}\n</section>`;
}

export function renderComparisonSection(comparison: Comparison): string {
  if (comparison.files.length === 0) return '';
  return [
    STYLE,
    '<h2>Comparison</h2>',
    `<p class="hint">Baseline: ${escapeHtml(comparison.baseline)}. ${escapeHtml(NOISE)}</p>`,
    ...comparison.files.map(fileSection),
  ].join('\n');
}
