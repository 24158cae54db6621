// What an implementation answers when handling a request failed, for the shared server and the frameworks alike:
// a failing CouchDB is a 502, a bad body its 4xx, a bug a 500, instead of a crash or a hung connection.

import type { ServerResponse } from 'node:http';
import { statusOf } from '../couch/database.js';
import { CouchUnreachableError } from '../couch/document-reader.js';
import { BadRequestBody, sendError } from './respond.js';

/** The answer to a request whose handling threw: a bad body 4xx, a failing CouchDB 502, anything else 500. */
export function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof BadRequestBody) {
    sendError(res, error.status, 'bad_request', error.message);
    return;
  }
  const couchStatus = statusOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (couchStatus !== undefined || error instanceof CouchUnreachableError || /connection|fetch failed|ECONN|socket hang up|EPIPE|ETIMEDOUT/i.test(reason)) {
    sendError(res, 502, 'bad_gateway', `CouchDB: ${reason}`);
    return;
  }
  sendError(res, 500, 'internal_error', reason);
}
