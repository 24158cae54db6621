// Checks one expectation against a response, from the outside only (status, headers, the revisions in the
// body). Returns what failed, worded as "what, compared with what", or undefined when it holds.

import type { Expectation } from '../case-types.js';
import type { CaseDocuments } from './case-documents.js';
import { SetupError } from './expand.js';
import type { Exchange } from './http-exchange.js';

export interface CheckContext {
  readonly saved: ReadonlyMap<string, Exchange>;
  readonly docs: CaseDocuments;
}

// Headers a HEAD may leave out or that describe the connection, not the page.
const NOT_PAGE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function check(expectation: Expectation, response: Exchange, context: CheckContext): Promise<string | undefined> {
  const { status, headers, body } = response;
  if ('status' in expectation) {
    const wanted = typeof expectation.status === 'number' ? [expectation.status] : expectation.status;
    return wanted.includes(status) ? undefined : `status is ${status}, not ${wanted.join(' or ')}`;
  }
  if ('notStatus' in expectation) return status === expectation.notStatus ? `status is ${status}` : undefined;
  if ('statusBelow' in expectation) return status < expectation.statusBelow ? undefined : `status is ${status}`;
  if ('noBody' in expectation) return body.length === 0 ? undefined : `the ${status} has a body of ${Buffer.byteLength(body)} bytes`;
  if ('etag' in expectation) return headers.etag === undefined ? `the ${status} has no ETag` : undefined;
  if ('etagEquals' in expectation) {
    const wanted = savedResponse(context, expectation.etagEquals).headers.etag;
    if (wanted === undefined) return undefined;
    return headers.etag === wanted ? undefined : `ETag is ${headers.etag ?? 'missing'}, not ${wanted} (the current one)`;
  }
  if ('etagDiffers' in expectation) {
    const before = savedResponse(context, expectation.etagDiffers).headers.etag;
    return headers.etag !== undefined && headers.etag === before ? `ETag is still ${before}` : undefined;
  }
  if ('headerKept' in expectation) {
    const name = expectation.headerKept.toLowerCase();
    const had = savedResponse(context, expectation.from).headers[name];
    if (had === undefined || headers[name] !== undefined) return undefined;
    return `${expectation.headerKept} missing (the 200 had ${expectation.headerKept}: ${had})`;
  }
  if ('headersOf' in expectation) {
    const reference = savedResponse(context, expectation.headersOf).headers;
    const missing = Object.keys(reference).filter((name) => !NOT_PAGE_HEADERS.has(name) && headers[name] === undefined);
    if (missing.length > 0) return `headers missing that the GET had: ${missing.join(', ')}`;
    return reference.etag !== undefined && headers.etag !== reference.etag ? `ETag is ${headers.etag ?? 'missing'}, GET's was ${reference.etag}` : undefined;
  }
  if ('bodyShowsRev' in expectation) {
    const rev = await context.docs.currentRev(expectation.bodyShowsRev);
    if (rev === undefined) throw new SetupError(`${context.docs.idOf(expectation.bodyShowsRev)} is not in CouchDB`);
    return body.includes(rev) ? undefined : `the body does not show the current revision ${rev} of ${context.docs.idOf(expectation.bodyShowsRev)}`;
  }
  if ('bodyLacksDoc' in expectation) {
    const shown = context.docs.revsOf(expectation.bodyLacksDoc).filter((rev) => body.includes(rev));
    return shown.length === 0 ? undefined : `the body still shows ${context.docs.idOf(expectation.bodyLacksDoc)} (${shown.join(', ')})`;
  }
  if ('contentCoding' in expectation) {
    const sent = headers['content-encoding']?.trim().toLowerCase() ?? 'identity';
    if (sent !== expectation.contentCoding)
      return `Content-Encoding is ${headers['content-encoding'] ?? 'absent (identity)'}, not ${expectation.contentCoding}`;
    return response.undecodable;
  }
  if ('varies' in expectation) {
    const listed = (headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase());
    return listed.includes(expectation.varies.toLowerCase()) || listed.includes('*')
      ? undefined
      : `Vary is ${headers.vary ?? 'absent'}, not listing ${expectation.varies}`;
  }
  const found = expectation.bodyFree.filter((text) => body.includes(text));
  return found.length === 0 ? undefined : `the body holds CouchDB content: ${found.join(', ')}`;
}

/** The response headers an expectation looks at (for the diagnostics). */
export function headersInvolved(expectation: Expectation): string[] {
  if ('headerKept' in expectation) return [expectation.headerKept.toLowerCase()];
  if ('etagEquals' in expectation || 'etagDiffers' in expectation || 'etag' in expectation) return ['etag'];
  if ('headersOf' in expectation) return ['*'];
  if ('contentCoding' in expectation) return ['content-encoding'];
  if ('varies' in expectation) return ['vary'];
  if ('status' in expectation && expectation.status === 304) return ['etag'];
  return [];
}

function savedResponse(context: CheckContext, name: string): Exchange {
  const response = context.saved.get(name);
  if (response === undefined) throw new SetupError(`no saved response "${name}"`);
  return response;
}
