// Opens CouchDB's continuous _changes feed on node:http. nano's stream mode cannot be cancelled
// cleanly (aborting it surfaces an unhandled AbortError from its internal pipe), and a follower must
// be able to drop a stalled connection at will.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export function openContinuousFeed(
  couchdbUrl: string,
  db: string,
  query: Record<string, string | number | boolean>,
): { response: Promise<IncomingMessage>; close(): void } {
  const base = new URL(couchdbUrl);
  const url = new URL(`${base.pathname.replace(/\/$/, '')}/${encodeURIComponent(db)}/_changes`, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (base.username !== '') {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = send(url, { headers, agent: false });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`the changes feed answered ${res.statusCode}`));
        return;
      }
      resolve(res);
    });
    req.once('error', reject);
  });
  req.end();
  return { response, close: () => req.destroy() };
}
