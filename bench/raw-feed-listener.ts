// The least a feed follower can do, as a process of its own: CouchDB's continuous `_changes` feed opened
// with the reference's query (include_docs, heartbeat), each change passed to the parent over IPC as soon as
// its line is read. The invalidation-lag bench times the reference's follower against it.
// Run by invalidation-lag: node dist/bench/raw-feed-listener.js <couchdb url> <db>

import { request } from 'node:http';

const [couchdbUrl, db] = process.argv.slice(2);
if (!couchdbUrl || !db || !process.send) throw new Error('usage: raw-feed-listener.js <couchdb url> <db> (with an IPC channel)');
const send = process.send.bind(process);

const url = new URL(`${couchdbUrl}/${encodeURIComponent(db)}/_changes?feed=continuous&since=now&include_docs=true&heartbeat=500`);
const req = request(url, { agent: false }, (res) => {
  if (res.statusCode !== 200) throw new Error(`the changes feed answered ${res.statusCode}`);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  let buffered = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line === '') continue;
      const row = JSON.parse(line) as { id?: string; changes?: { rev: string }[] };
      if (row.id !== undefined) send({ id: row.id, rev: row.changes?.[0]?.rev });
    }
  });
});
req.end();
process.once('SIGTERM', () => {
  req.destroy();
  process.exit(0);
});
