// Serves `_changes` for every feed kind. Live feeds (continuous, eventsource, a waiting longpoll) are
// PouchDB live listeners that are CANCELLED when the client goes away: a listener left running would cost
// every later write a changes query.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { filterOptions } from './changes-filter.js';
import type { CouchCounters } from './couch-counters.js';
import { CONTINUOUS_HEARTBEAT, EVENTSOURCE_HEARTBEAT, continuousLine, eventsourceEvent, lastSeqLine, normalBody, wireRow } from './changes-format.js';
import type { ChangesRequest } from './changes-options.js';
import type { FeedTracker } from './feed-tracker.js';
import { sendRefusal } from './http-json.js';
import type { ChangeRow, ChangesOptions, PouchDatabase } from './pouch-types.js';
import { encodeSeq, newSeqSalt } from './seq-codec.js';

export interface ChangesContext {
  req: IncomingMessage;
  res: ServerResponse;
  db: PouchDatabase;
  request: ChangesRequest;
  tracker: FeedTracker;
  counters: CouchCounters;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'must-revalidate' };
const EVENTSOURCE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

/** Changes after `seq`, unfiltered, as CouchDB's `pending` counts them. */
async function pendingAfter(db: PouchDatabase, seq: number): Promise<number> {
  try {
    return (await db.changes({ since: seq, return_docs: true })).results.length;
  } catch {
    return 0; // the database went away meanwhile: nothing is pending
  }
}

function effectiveLimit(request: ChangesRequest): number | undefined {
  // CouchDB and PouchDB both answer one row for limit=0.
  return request.limit === undefined ? undefined : Math.max(request.limit, 1);
}

/** With include_docs, CouchDB opens the document of each row as it sends it: a read per row. */
function countDocs(ctx: ChangesContext, rows: number): void {
  if (ctx.request.includeDocs) ctx.counters.documentsOpened(rows);
}

/** One `{"results":[…],"last_seq","pending"}` answer from a finished scan. */
async function sendScan(ctx: ChangesContext, rows: ChangeRow[], lastSeq: number): Promise<void> {
  countDocs(ctx, rows.length);
  const limit = effectiveLimit(ctx.request);
  const cut = limit !== undefined && rows.length >= limit && !ctx.request.descending;
  const pending = cut ? await pendingAfter(ctx.db, lastSeq) : 0;
  const salt = newSeqSalt();
  const body = normalBody(
    rows.map((row) => wireRow(row, salt, ctx.request.includeDocs)),
    encodeSeq(lastSeq, salt),
    pending,
  );
  if (ctx.res.destroyed) return;
  ctx.res.writeHead(200, JSON_HEADERS);
  ctx.res.end(body);
}

export async function serveChanges(ctx: ChangesContext): Promise<void> {
  const { db, request, res } = ctx;
  let clientGone = false;
  res.once('close', () => {
    clientGone = true;
  });
  const filter = await filterOptions(db, request.filter, request.queryParams);
  if (!('options' in filter)) return sendRefusal(res, filter);
  const since = request.since === 'now' ? (await db.info()).update_seq : request.since;
  const base: ChangesOptions = {
    ...filter.options,
    include_docs: request.includeDocs,
    conflicts: request.conflicts,
    style: request.style,
  };
  if (request.feed === 'normal' || request.feed === 'longpoll') {
    const scan = await db.changes({
      ...base,
      since,
      limit: effectiveLimit(request),
      descending: request.feed === 'normal' && request.descending,
      return_docs: true,
    });
    if (request.feed === 'normal' || scan.results.length > 0) return sendScan(ctx, scan.results, scan.last_seq);
    if (!clientGone) waitForChange(ctx, scan.last_seq, base);
    return;
  }
  if (!clientGone) streamChanges(ctx, since, base);
}

/** How a live feed ends: normally (limit, timeout), because the client left, or because the db did. */
type LiveEnd = 'end' | 'abort' | 'gone';

/** Starts the live listener and the timers shared by every live feed; `end` runs once, however it ends. */
function startLive(
  ctx: ChangesContext,
  since: number,
  base: ChangesOptions,
  handlers: { onRow(row: ChangeRow): void; onHeartbeat(): void; onEnd(how: LiveEnd): void },
): { end(how: LiveEnd): void; touch(): void } {
  const { db, request, res, tracker } = ctx;
  const changes = db.changes({ ...base, since, live: true, return_docs: false });
  let ended = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  const end = (how: LiveEnd): void => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    clearTimeout(idle);
    res.off('close', onClose);
    changes.cancel();
    handlers.onEnd(res.destroyed ? 'abort' : how);
  };
  const onClose = (): void => end('abort');
  // A heartbeat keeps the feed open indefinitely; without one it ends after `timeout` idle ms (CouchDB).
  const touch = (): void => {
    if (request.heartbeatMs !== undefined || ended) return;
    clearTimeout(idle);
    idle = setTimeout(() => end('end'), request.timeoutMs);
  };
  res.on('close', onClose);
  tracker.track(changes, () => end('abort'));
  changes.on('change', (row) => {
    if (!ended) handlers.onRow(row);
  });
  // PouchDB ends a live feed on its own when the database is destroyed: end the response with it.
  changes.then(
    () => end('gone'),
    () => end('gone'),
  );
  if (request.heartbeatMs !== undefined) {
    heartbeat = setInterval(() => {
      if (!ended && !res.destroyed) handlers.onHeartbeat();
    }, request.heartbeatMs);
  }
  touch();
  return { end, touch };
}

/** continuous and eventsource: rows as they happen, then (continuous) a last_seq line at the end. */
function streamChanges(ctx: ChangesContext, since: number, base: ChangesOptions): void {
  const { res, request, db } = ctx;
  const eventsource = request.feed === 'eventsource';
  const limit = effectiveLimit(request);
  const salt = newSeqSalt();
  let lastSeq = since;
  let count = 0;
  res.writeHead(200, eventsource ? EVENTSOURCE_HEADERS : JSON_HEADERS);
  res.flushHeaders();
  const live = startLive(ctx, since, base, {
    onRow(row) {
      countDocs(ctx, 1);
      lastSeq = row.seq;
      count += 1;
      const wire = wireRow(row, salt, request.includeDocs);
      res.write(eventsource ? eventsourceEvent(wire) : continuousLine(wire));
      if (limit !== undefined && count >= limit) live.end('end');
      else live.touch();
    },
    onHeartbeat() {
      res.write(eventsource ? EVENTSOURCE_HEARTBEAT : CONTINUOUS_HEARTBEAT);
    },
    onEnd(how) {
      if (how === 'abort') {
        res.destroy();
        return;
      }
      if (eventsource) {
        res.end();
        return;
      }
      // A destroyed database answers no more queries: nothing is pending there.
      const pending = how === 'gone' ? Promise.resolve(0) : pendingAfter(db, lastSeq);
      void pending.then((n) => res.end(lastSeqLine(encodeSeq(lastSeq, salt), n)));
    },
  });
}

/** longpoll with nothing new yet: answer with the first change(s), or an empty result on timeout. */
function waitForChange(ctx: ChangesContext, since: number, base: ChangesOptions): void {
  const { res, request } = ctx;
  const limit = effectiveLimit(request);
  const rows: ChangeRow[] = [];
  const live = startLive(ctx, since, base, {
    onRow(row) {
      countDocs(ctx, 1);
      rows.push(row);
      if (limit !== undefined && rows.length >= limit) live.end('end');
      // Rows of one write batch arrive together: collect them before answering.
      else if (rows.length === 1) setImmediate(() => live.end('end'));
    },
    onHeartbeat() {
      // Whitespace before the JSON body keeps the connection alive and the body valid JSON.
      if (!res.headersSent) res.writeHead(200, JSON_HEADERS);
      res.write('\n');
    },
    onEnd(how) {
      if (how === 'abort') {
        res.destroy();
        return;
      }
      const salt = newSeqSalt();
      const last = rows.length > 0 ? (rows[rows.length - 1]?.seq ?? since) : since;
      const body = normalBody(
        rows.map((row) => wireRow(row, salt, request.includeDocs)),
        encodeSeq(last, salt),
        0,
      );
      if (!res.headersSent) res.writeHead(200, JSON_HEADERS);
      res.end(body);
    },
  });
}
