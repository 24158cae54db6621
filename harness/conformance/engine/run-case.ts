// Runs the steps of one case against one implementation and says how it went. Which party is at fault is
// decided here: the implementation (fail), a request that should have prepared the case (setup), or the harness
// itself, e.g. CouchDB refusing a write (harness).

import { setTimeout as sleep } from 'node:timers/promises';
import type { CouchCounters } from '../../contract/environment.js';
import { quietCounters } from '../../environment/couch-counters.js';
import type { BurstStep, ConformanceCase, Expectation, RequestStep, Step, Target } from '../case-types.js';
import type { Diagnostics, Outcome } from '../results.js';
import { CaseDocuments, HarnessError } from './case-documents.js';
import { check, headersInvolved } from './expectations.js';
import { expandHeader, SetupError } from './expand.js';
import { exchange, NoAnswerError, type Exchange, type SentRequest } from './http-exchange.js';

const POLL_INTERVAL_MS = 50;
const BURST_ATTEMPTS = 3;
const SHOWN_HEADER_CHARS = 120;
const SHOWN_BODY_CHARS = 300;
const BODY_EXPECTATIONS = ['noBody', 'bodyShowsRev', 'bodyLacksDoc', 'bodyFree', 'contentCoding'];
const EXPLAINED_BY_STATUS = ['noBody', 'bodyShowsRev', 'bodyLacksDoc'];

export interface CaseTarget {
  readonly baseUrl: string;
  readonly couchdbUrl: string;
  readonly dbName: string;
  readonly deadlineMs: number;
  /** Unique to this case in this run: documents and groups are named from it. */
  readonly prefix: string;
  /** CouchDB's own counters, or why this CouchDB gives none (burst steps). */
  readonly counters: () => Promise<CouchCounters | string>;
}

/** A step that did not go as the case says. */
class StepFailure extends Error {
  constructor(
    readonly type: 'fail' | 'setup',
    message: string,
    readonly diagnostics: Diagnostics,
    readonly noAnswer = false,
  ) {
    super(message);
  }
}

export async function runCase(testCase: ConformanceCase, target: CaseTarget): Promise<Outcome> {
  const docs = new CaseDocuments(target.couchdbUrl, target.dbName, target.prefix);
  const saved = new Map<string, Exchange>();
  try {
    for (const step of testCase.steps) await runStep(step, target, docs, saved);
    return { type: 'pass' };
  } catch (error) {
    if (error instanceof StepFailure) {
      return { type: error.type, detail: error.message, diagnostics: error.diagnostics, ...(error.noAnswer ? { noAnswer: true as const } : {}) };
    }
    if (error instanceof SetupError) return { type: 'setup', detail: error.message };
    if (error instanceof HarnessError) return { type: 'harness', detail: error.message };
    return { type: 'harness', detail: `the harness failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function runStep(step: Step, target: CaseTarget, docs: CaseDocuments, saved: Map<string, Exchange>): Promise<void> {
  if ('couch' in step) {
    if (step.couch === 'create') return docs.create(step.doc, step.group, step.literalId === true);
    if (step.couch === 'update') return docs.update(step.doc, step.group);
    return docs.delete(step.doc);
  }
  if ('health' in step) {
    const sent: SentRequest = { method: 'GET', path: '/health', headers: {} };
    const response = await send(target, sent, 'fail');
    if (response.status !== 200) throw new StepFailure('fail', `GET /health: status is ${response.status}, not 200`, diagnose(sent, response, []));
    return;
  }
  if ('burst' in step) return runBurst(step, target, docs, saved);
  if ('inspect' in step) {
    const response = saved.get(step.inspect);
    if (response === undefined) throw new SetupError(`no saved response "${step.inspect}"`);
    await judge(step.expect, response, 'fail', docs, saved);
    return;
  }
  await runRequest(step, target, docs, saved);
}

async function judge(
  expect: readonly Expectation[],
  response: Exchange,
  type: 'fail' | 'setup',
  docs: CaseDocuments,
  saved: Map<string, Exchange>,
  after = '',
): Promise<void> {
  const failed = await failures(expect, response, docs, saved);
  if (failed.length === 0) return;
  const message = `${response.request.method} ${response.request.path}: ${failed.map((f) => f.message).join('; ')}${after}`;
  throw new StepFailure(
    type,
    message,
    diagnose(
      response.request,
      response,
      failed.map((f) => f.expectation),
    ),
  );
}

async function failures(expect: readonly Expectation[], response: Exchange, docs: CaseDocuments, saved: Map<string, Exchange>) {
  const failed: { expectation: Expectation; message: string }[] = [];
  for (const expectation of expect) {
    const message = await check(expectation, response, { saved, docs });
    if (message !== undefined) failed.push({ expectation, message });
  }
  // A wrong status explains the body: do not list the body's checks as failures of their own.
  if (failed.some((f) => 'status' in f.expectation)) return failed.filter((f) => !EXPLAINED_BY_STATUS.some((key) => key in f.expectation));
  return failed;
}

async function runRequest(step: RequestStep, target: CaseTarget, docs: CaseDocuments, saved: Map<string, Exchange>): Promise<void> {
  const type = step.setup === true ? 'setup' : 'fail';
  const deadline = Date.now() + target.deadlineMs;
  for (;;) {
    const sent = await buildRequest(step, target, docs, saved);
    const response = await send(target, sent, type);
    if (step.request.body !== undefined) await docs.currentRev(step.request.body.doc); // note the app's write
    // Polling: keep asking while the deadline allows, then judge the last answer.
    const last = step.poll !== true || Date.now() + POLL_INTERVAL_MS >= deadline;
    if (last) {
      await judge(step.expect, response, type, docs, saved, step.poll === true ? ` (still after ${target.deadlineMs} ms)` : '');
    } else if ((await failures(step.expect, response, docs, saved)).length > 0) {
      await sleep(POLL_INTERVAL_MS);
      continue;
    }
    if (step.save !== undefined) saved.set(step.save, response);
    return;
  }
}

/** Every answer judged as it comes; CouchDB's reads counted around the whole burst. CouchDB reads documents of
 *  its own now and then, so a burst over the limit is sent again, up to three times: an implementation's own reads
 *  come back every time, background ones do not. */
async function runBurst(step: BurstStep, target: CaseTarget, docs: CaseDocuments, saved: Map<string, Exchange>): Promise<void> {
  const asRequest: RequestStep = { request: step.burst, expect: step.expect };
  const counted: string[] = [];
  for (let attempt = 1; attempt <= BURST_ATTEMPTS; attempt++) {
    const before = await quietCounters(target.counters);
    if (typeof before === 'string') throw new HarnessError(`CouchDB's counters cannot be read here, so what the requests cost it cannot be judged: ${before}`);
    for (let i = 0; i < step.times; i++) {
      const sent = await buildRequest(asRequest, target, docs, saved);
      await judge(step.expect, await send(target, sent, 'fail'), 'fail', docs, saved, ` (request ${i + 1} of ${step.times})`);
    }
    const after = await quietCounters(target.counters);
    if (typeof after === 'string') throw new HarnessError(`CouchDB's counters cannot be read after the requests: ${after}`);
    const reads = after.databaseReads - before.databaseReads;
    if (reads <= step.couchReadsAtMost) return;
    counted.push(String(reads));
  }
  const sent = await buildRequest(asRequest, target, docs, saved);
  throw new StepFailure(
    'fail',
    `${step.times} × ${sent.method} ${sent.path}, ${BURST_ATTEMPTS} times: CouchDB read ${counted.join(', ')} document(s) (database_reads), at most ${step.couchReadsAtMost} expected`,
    { request: shownRequest(sent) },
  );
}

async function buildRequest(step: RequestStep, target: CaseTarget, docs: CaseDocuments, saved: Map<string, Exchange>): Promise<SentRequest> {
  const { method, body } = step.request;
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(step.request.headers ?? {})) headers[name.toLowerCase()] = expandHeader(template, saved);
  let path = pathOf(step.request.target, target, docs);
  if (method === 'PUT' && body !== undefined) {
    const { _rev, ...withoutRev } = await docs.appBody(body.doc, body.group);
    return { method, path, headers, body: JSON.stringify(body.withoutRev === true ? withoutRev : { _rev, ...withoutRev }) };
  }
  if (method === 'DELETE' && body !== undefined && body.withoutRev !== true) {
    const rev = await docs.currentRev(body.doc);
    if (rev !== undefined) path += `?rev=${encodeURIComponent(rev)}`;
  }
  return { method, path, headers };
}

function pathOf(page: Target, target: CaseTarget, docs: CaseDocuments): string {
  if ('doc' in page) return `/doc/${encodeURIComponent(docs.idOf(page.doc))}`;
  if ('group' in page) return `/group/${encodeURIComponent(docs.groupName(page.group))}`;
  return page.path.replaceAll('{db}', encodeURIComponent(target.dbName));
}

async function send(target: CaseTarget, sent: SentRequest, type: 'fail' | 'setup'): Promise<Exchange> {
  try {
    return await exchange(target.baseUrl, sent);
  } catch (error) {
    if (!(error instanceof NoAnswerError)) throw error;
    throw new StepFailure(type, `${sent.method} ${sent.path}: no answer (${error.message})`, { request: shownRequest(sent) }, true);
  }
}

function diagnose(sent: SentRequest, response: Exchange, failed: readonly Expectation[]): Diagnostics {
  const names = new Set(failed.flatMap(headersInvolved));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (names.has('*') || names.has(name) || name === 'etag') headers[name] = value;
  }
  const showBody = response.body !== '' && failed.some((e) => BODY_EXPECTATIONS.some((key) => key in e));
  return {
    request: shownRequest(sent),
    status: response.status,
    headers,
    ...(showBody ? { body: response.body.slice(0, SHOWN_BODY_CHARS) } : {}),
  };
}

/** Long header values (8 KiB of tags) are shown by their start and size. */
function shownRequest(sent: SentRequest): NonNullable<Diagnostics['request']> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent.headers)) {
    headers[name] = value.length <= SHOWN_HEADER_CHARS ? value : `${value.slice(0, SHOWN_HEADER_CHARS)}… (${value.length} bytes)`;
  }
  return { method: sent.method, path: sent.path, headers };
}
