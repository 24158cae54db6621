// The report's CSS, inline. No web fonts, no url(): the page opens offline and asks nothing of the network.

export const REPORT_STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; font-size: 14px; color: #1b1b1b; }
body { margin: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
dl.environment { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.environment dt { font-weight: 600; }
dl.environment dd { margin: 0; }
table.runs { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.runs th, table.runs td { border: 1px solid #c8c8c8; padding: .25rem .5rem; }
table.runs th { background: #f0f0f0; }
table.runs td.num { text-align: right; }
table.runs td.stale { color: #a40000; font-weight: 600; }
table.conformance td.fail { color: #a40000; font-weight: 600; }
table.conformance td.optional-fail { color: #8a5a00; }
table.conformance td.pass { color: #1d6b1d; }
table.conformance th[scope=row] { text-align: left; font-weight: normal; }
table.runs tr.failed td { background: #fbeaea; }
table.runs tr.partial td { background: #fff7e0; }
.note { font-weight: 600; }
.chart { position: relative; width: min(100%, 56rem); height: 26rem; }
p.hint { color: #555; }
`;
