// The report's CSS, inline. No web fonts, no url(): the page opens offline and asks nothing of the network.
// Pass and fail are said in words and ✓ / ✗ everywhere; the colours here only repeat them.

export const REPORT_STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; font-size: 14px; color: #1b1b1b; background: #fff; }
body { margin: 1.25rem; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid #1b1b1b; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .75rem; }
code { font-size: .95em; }
p.hint, span.hint { color: #4a4a4a; }

dl.environment { display: grid; grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr)); gap: .4rem 1.5rem; margin: 0; }
dl.environment div { display: flex; gap: .5rem; align-items: baseline; min-width: 0; }
dl.environment dt { font-weight: 600; white-space: nowrap; }
dl.environment dt::after { content: ':'; }
dl.environment dd { margin: 0; overflow-wrap: anywhere; }

ul.verdict { list-style: none; padding: 0; margin: 0 0 1rem; }
ul.verdict li { padding: .15rem 0; }
ul.verdict li.fail { color: #a40000; font-weight: 600; }
ul.verdict li.pass { color: #1d6b1d; }
ul.verdict li.warn { color: #7a4d00; }

.table-frame { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.runs { font-size: 12.5px; }
table.runs th, table.runs td { border: 1px solid #c8c8c8; padding: .2rem .35rem; }
table.runs thead th { background: #eceff3; font-weight: 600; vertical-align: bottom; }
table.runs thead th[scope=colgroup] { text-align: center; vertical-align: middle; }
table.runs tbody { border-top: 2px solid #777; }
table.runs tbody th { text-align: left; vertical-align: top; background: #f7f7f7; }
table.runs th.scenario { white-space: nowrap; }
table.runs th.scenario .window { display: block; font-weight: normal; font-size: 12px; color: #4a4a4a; }
table.runs thead th[scope=col] { white-space: nowrap; }
table.runs td.num { text-align: right; white-space: nowrap; }
table.runs td.stale { color: #a40000; font-weight: 600; }
table.runs td.threshold-pass { color: #1d6b1d; white-space: nowrap; }
table.runs td.threshold-fail summary { white-space: nowrap; }
table.runs td.threshold-fail { color: #a40000; font-weight: 600; }
table.runs td.threshold-fail summary { cursor: pointer; }
table.runs td.threshold-fail ul { margin: .15rem 0 0; padding-left: 1rem; font-weight: normal; color: #1b1b1b; font-size: 12px; }
table.runs tr.failed td { background: #fbeaea; white-space: normal; }
table.runs tr.partial td { background: #fff7e0; }

.chart-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
@media (max-width: 60rem) { .chart-grid { grid-template-columns: minmax(0, 1fr); } }
figure.chart-card { margin: 0; padding: .75rem .9rem; border: 1px solid #d4d4d4; border-radius: 6px; min-width: 0; }
figure.chart-card.wide { grid-column: 1 / -1; }
figure.chart-card figcaption { margin-bottom: .6rem; line-height: 1.35; }
figure.chart-card figcaption strong { display: block; }
figure.chart-card figcaption .hint { font-size: 12.5px; }
.chart { position: relative; height: 19rem; }
figure.chart-card.wide .chart { height: 21rem; }
.chart.tall, figure.chart-card.wide .chart.tall { height: 23rem; }
p.chart-empty { margin: 0; padding: 2.5rem 1rem; text-align: center; color: #333; background: #f6f6f6; border: 1px dashed #bbb; border-radius: 4px; }
ul.chart-notes { margin: .6rem 0 0; padding-left: 1.1rem; font-size: 12.5px; color: #333; }

table.conformance th, table.conformance td { border: 1px solid #c8c8c8; padding: .25rem .5rem; }
table.conformance thead th { background: #eceff3; }
table.conformance td.fail { color: #a40000; font-weight: 600; }
table.conformance td.optional-fail { color: #8a5a00; }
table.conformance td.pass { color: #1d6b1d; }
table.conformance th[scope=row] { text-align: left; font-weight: normal; }
.note { font-weight: 600; }
`;
