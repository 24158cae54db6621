// The report's header: which tool, when, and on what the figures were measured.

import type { ResultsFile } from '../harness/results/types.js';
import { escapeHtml } from './escape.js';
import { formatCount } from './format.js';

export function renderEnvironment(results: ResultsFile): string {
  const env = results.environment;
  const m = env.machine;
  const proxies = Object.entries(env.proxyVersions).map(([name, version]) => `${name} ${version}`);
  const entries: Array<[string, string]> = [
    ['tool', `${results.tool.name} ${results.tool.version}`],
    ['started', results.startedAt],
    ['environment', env.kind],
    ['CouchDB', `${env.couchdb.version} (${env.couchdb.vendor})`],
    ...(proxies.length > 0 ? [['proxies', proxies.join(', ')] as [string, string]] : []),
    ['node', env.node],
    ['machine', `${m.platform} ${m.arch}, ${m.cpus} × ${m.cpuModel}, ${formatCount(m.memoryGiB)} GiB`],
    ['harness ceiling', env.harnessCeilingRps === null ? 'not measured' : `${formatCount(env.harnessCeilingRps)} req/s`],
  ];
  const items = entries.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`);
  return `<dl class="environment">\n${items.join('\n')}\n</dl>`;
}
