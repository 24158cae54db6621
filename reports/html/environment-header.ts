// The report's header: which tool, when, and on what the figures were measured (CouchDB, proxies, Node, machine).

import type { ResultsFile } from '../../harness/results/types.js';
import { escapeHtml } from './escape.js';
import { formatCount } from './format.js';

export function environmentEntries(results: ResultsFile): Array<[string, string]> {
  const env = results.environment;
  const m = env.machine;
  const proxies = Object.entries(env.proxyVersions).map(([name, version]) => `${name} ${version}`);
  const image = env.couchdb.image === undefined ? '' : `, image ${env.couchdb.image}`;
  return [
    ['tool', `${results.tool.name} ${results.tool.version}`],
    ['started', results.startedAt],
    ['environment', env.kind],
    ['CouchDB', `${env.couchdb.version} (${env.couchdb.vendor}${image})${env.couchdb.nodes === undefined ? '' : `, a cluster of ${env.couchdb.nodes} nodes`}`],
    ['proxies', proxies.length > 0 ? proxies.join(', ') : 'none'],
    ['node', env.node],
    ['machine', `${m.platform} ${m.arch}, ${m.cpus} × ${m.cpuModel}, ${formatCount(m.memoryGiB)} GiB`],
    ['harness ceiling', env.harnessCeilingRps === null ? 'not measured' : `${formatCount(env.harnessCeilingRps)} req/s`],
    ...(env.loadGenerator === undefined ? [] : [['load generator', env.loadGenerator] as [string, string]]),
  ];
}

export function renderEnvironment(results: ResultsFile): string {
  const items = environmentEntries(results).map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>`);
  return `<dl class="environment">\n${items.join('\n')}\n</dl>`;
}
