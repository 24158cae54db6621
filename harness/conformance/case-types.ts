// The schema of a conformance case: plain data (http-tests/cache-tests style). A case names documents and
// groups by alias (the engine gives them ids unique to the run), sends requests, and states what the answer
// must show from the outside only: status, headers, the revisions in the body. Object literals typed with
// these interfaces reject unknown keys at compile time.

export type CaseKind = 'required' | 'optional';

/**
 * What a request is for: a document or group page of the case (by alias), or a request target sent as
 * written (`{db}` becomes the implementation's database name).
 */
export type Target = { readonly doc: string } | { readonly group: string } | { readonly path: string };

/**
 * Header values may hold placeholders, expanded from a saved response `name`:
 * `{etag:name}` its ETag as sent; `{weak:name}` W/ + its opaque-tag; `{strong:name}` its opaque-tag without W/;
 * `{bare:name}` the tag without W/ and quotes (malformed); `{open:name}` a quote and the bare tag (unterminated);
 * `{ims:name}` its Last-Modified, or a far-future date when it had none; `{tags:N}` N tags that match nothing;
 * `{bytes:N}` such tags filling N bytes.
 */
export type HeaderTemplates = Readonly<Record<string, string>>;

/** A JSON body written through the app: the document's fields, its current `_rev` when it exists, `n` bumped. */
export interface AppBody {
  readonly doc: string;
  /** Group alias to put the document in (null: none); default: where it is. */
  readonly group?: string | null;
  /** PUT: no `_rev` in the body (the request names the revision some other way, e.g. If-Match). DELETE: no `?rev=`. */
  readonly withoutRev?: true;
}

export interface RequestSpec {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  readonly target: Target;
  readonly headers?: HeaderTemplates;
  /** PUT: the document as written. DELETE /doc/{id} gets `?rev=<current>`. */
  readonly body?: AppBody;
}

export type Expectation =
  | { readonly status: number | readonly number[] }
  | { readonly notStatus: number }
  | { readonly statusBelow: number }
  | { readonly noBody: true }
  | { readonly etag: 'present' }
  /** ETag header equal to the one of saved response `name`. */
  | { readonly etagEquals: string }
  | { readonly etagDiffers: string }
  /** Present here whenever saved response `from` had it. */
  | { readonly headerKept: string; readonly from: string }
  /** Every header of saved response `name` is present here too (hop-by-hop and length aside). */
  | { readonly headersOf: string }
  /** The body shows the document's current revision (read straight from CouchDB). */
  | { readonly bodyShowsRev: string }
  /** The body shows no revision the document ever had. */
  | { readonly bodyLacksDoc: string }
  /** None of these strings appear in the body. */
  | { readonly bodyFree: readonly string[] }
  /** The content-coding the response was sent in (`identity`: no Content-Encoding); its body decodes. */
  | { readonly contentCoding: 'identity' | 'gzip' | 'br' }
  /** Vary lists this header (or `*`). */
  | { readonly varies: string };

export interface RequestStep {
  readonly request: RequestSpec;
  readonly expect: readonly Expectation[];
  /** Keep the response under this name for later steps. */
  readonly save?: string;
  /** A request that prepares the case: when it does not answer as expected the case is a setup fail. */
  readonly setup?: true;
  /** Repeat until the expectations hold or the deadline (--deadline) has passed. */
  readonly poll?: true;
}

/** A write straight to CouchDB, bypassing the app (only a feed-following implementation sees it). */
export interface CouchStep {
  readonly couch: 'create' | 'update' | 'delete';
  readonly doc: string;
  /** create/update: group alias (null: none); default: unchanged. */
  readonly group?: string | null;
  /** The alias is the document id itself (system ids such as `_design/x`); an existing one is kept. */
  readonly literalId?: true;
}

/** GET /health answers 200 within the request timeout. */
export interface HealthStep {
  readonly health: 'answers';
}

/**
 * More checks on a response saved earlier: when the request that produced it had to answer in a way the
 * checks build on (e.g. a 304), its failure is a setup fail here, counted once in its own case.
 */
export interface InspectStep {
  readonly inspect: string;
  readonly expect: readonly Expectation[];
}

/**
 * The same request sent `times` times, one after the other, each answered as `expect` says, while CouchDB's own
 * `database_reads` counter (`/_node/_local/_stats/couchdb`, read before and after once it stands still) moves by
 * at most `couchReadsAtMost`: what the requests cost the database, seen from CouchDB's side.
 */
export interface BurstStep {
  readonly burst: RequestSpec;
  readonly times: number;
  readonly expect: readonly Expectation[];
  readonly couchReadsAtMost: number;
}

export type Step = RequestStep | CouchStep | HealthStep | InspectStep | BurstStep;

export interface ConformanceCase {
  readonly id: string;
  readonly title: string;
  /** Where the rule comes from, e.g. `RFC 9110 §13.1.2`, or `docs/architecture.md §Implementation contract` for the contract. */
  readonly rfc: string;
  readonly kind: CaseKind;
  /** Why the case judges the origin alone, not a stack: behind a proxy it is reported as not applicable. */
  readonly originOnly?: string;
  readonly steps: readonly Step[];
}
