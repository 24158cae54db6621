// The wire shapes of `_changes`: one result row, and how each feed kind frames rows, heartbeats and the end.
import type { ChangeRow } from './pouch-types.js';
import { encodeSeq } from './seq-codec.js';

export interface WireRow {
  seq: string;
  id: string;
  changes: { rev: string }[];
  deleted?: true;
  doc?: unknown;
}

/** A row as CouchDB writes it (key order included), with the seq encoded under this response's salt. */
export function wireRow(row: ChangeRow, salt: Buffer, includeDocs: boolean): WireRow {
  const out: WireRow = { seq: encodeSeq(row.seq, salt), id: row.id, changes: row.changes };
  if (row.deleted) out.deleted = true;
  if (includeDocs) out.doc = row.doc ?? null;
  return out;
}

export function continuousLine(row: WireRow): string {
  return `${JSON.stringify(row)}\n`;
}

/** EventSource framing, as CouchDB 3: the row as data, its seq (JSON) as the event id. */
export function eventsourceEvent(row: WireRow): string {
  return `data: ${JSON.stringify(row)}\nid: ${JSON.stringify(row.seq)}\n\n`;
}

export const CONTINUOUS_HEARTBEAT = '\n';
export const EVENTSOURCE_HEARTBEAT = 'event: heartbeat\ndata: \n\n';

export function lastSeqLine(lastSeq: string, pending: number): string {
  return `${JSON.stringify({ last_seq: lastSeq, pending })}\n`;
}

export function normalBody(rows: WireRow[], lastSeq: string, pending: number): string {
  const lines = rows.map((row) => JSON.stringify(row)).join(',\n');
  return `{"results":[\n${lines}${rows.length ? '\n' : ''}],\n"last_seq":${JSON.stringify(lastSeq)},"pending":${pending}}\n`;
}
