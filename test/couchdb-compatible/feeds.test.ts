// A feed is cancelled when its client goes away: after 300 live feeds are opened and dropped, nothing is
// left listening (openFeeds counts PouchDB listeners until PouchDB confirms they are gone).
import t from 'tap';
import { request } from 'node:http';
import { eventually, http, openStream, startCouch, type Stream } from './fixture.js';

/** Opens a longpoll that waits (no headers until a change); returns a function that drops it. */
function openLongpoll(url: string): () => void {
  const req = request(`${url}/db/_changes?feed=longpoll&since=now&timeout=60000`);
  req.on('error', () => undefined); // dropped on purpose
  req.end();
  return () => req.destroy();
}

t.test('300 live feeds opened and closed leave no listener behind', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const openFeeds = async (): Promise<number> => (await http(url, 'GET', '/_etag_bench/stats')).json.openFeeds;

  for (const feed of ['continuous', 'eventsource']) {
    const streams: Stream[] = await Promise.all(Array.from({ length: 100 }, () => openStream(url, `/db/_changes?feed=${feed}&since=now&heartbeat=30000`)));
    t.equal(await eventually(openFeeds, (n) => n === 100), 100, `100 ${feed} feeds are open`);
    for (const stream of streams) stream.close();
    t.equal(await eventually(openFeeds, (n) => n === 0), 0, `closing the ${feed} clients cancels their feeds`);
  }

  const longpolls = Array.from({ length: 100 }, () => openLongpoll(url));
  t.equal(await eventually(openFeeds, (n) => n === 100), 100, '100 longpolls are waiting');
  for (const drop of longpolls) drop();
  t.equal(await eventually(openFeeds, (n) => n === 0), 0, 'closing the longpoll clients cancels their feeds');

  const watcher = await openStream(url, '/db/_changes?feed=continuous&since=now&heartbeat=30000');
  t.teardown(() => watcher.close());
  const written = await http(url, 'PUT', '/db/after', { body: { ok: 1 } });
  t.equal(written.status, 201, 'a write still works');
  await watcher.until((text) => text.includes('"id":"after"'));
  t.pass('and a new feed sees it');
});

t.test('stop() ends open feeds and releases the port', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const stream = await openStream(url, '/db/_changes?feed=continuous&heartbeat=30000');
  await couch.stop();
  await stream.ended;
  t.pass('the feed ended with the server');
  await t.rejects(fetch(`${url}/_up`), 'the port no longer answers');
});
