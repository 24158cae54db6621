// The reference server's 304 path against bare node:http answering a fixed 304, same load, same run:
// autocannon, 10 connections, a conditional GET whose ETag is valid. Each server is its own process.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { EmbeddedCouchDb } from '../harness/environment/couchdb/embedded-couchdb.js';
import { seedDocuments } from '../harness/environment/seed-documents.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);

async function spawnServer(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, url: (JSON.parse(line.toString().split('\n')[0]!) as { url: string }).url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function load(url: string, etag: string): Promise<autocannon.Result> {
  return autocannon({ url, connections: 10, duration: DURATION_S, headers: { 'if-none-match': etag } });
}

const couch = await new EmbeddedCouchDb().start();
try {
  await seedDocuments(couch.getUrl(), 'bench', 100);
  const bare = await spawnServer('./bare-304-server.js', []);
  const reference = await spawnServer('../reference-server/main.js', ['reference'], {
    PORT: '0',
    COUCHDB_URL: couch.getUrl(),
    COUCHDB_DB: 'bench',
  });
  try {
    const page = `${reference.url}/doc/doc-1`;
    const etag = (await fetch(page)).headers.get('etag')!;
    const baseline = await load(bare.url, etag);
    const measured = await load(page, etag);
    const non304 = measured.non2xx - measured['3xx'] + measured['2xx'];
    console.log(`304 path, autocannon c=10 ${DURATION_S}s (req/s mean; latency p50/p99 ms)`);
    console.log(`  bare node:http 304   ${baseline.requests.average.toFixed(0).padStart(7)}   ${baseline.latency.p50}/${baseline.latency.p99}`);
    console.log(`  reference 304        ${measured.requests.average.toFixed(0).padStart(7)}   ${measured.latency.p50}/${measured.latency.p99}`);
    console.log(`  ratio reference/bare ×${(measured.requests.average / baseline.requests.average).toFixed(2)}; non-304 answers: ${non304}`);
  } finally {
    await Promise.all([stop(bare.child), stop(reference.child)]);
  }
} finally {
  await couch.stop();
}
