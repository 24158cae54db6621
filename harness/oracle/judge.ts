// The oracle: a pure function from the true history and one exchange to a verdict, judged from the outside only
// (status, the version the client cached, the revision tokens in the body); an ETag is never taken for a rev.
import type { Exchange, StaleDetail, Verdict, VerdictClass } from './types.js';
import type { History } from './history.js';
import { parsePage, type PageRef } from './page-path.js';
import { absenceIsRight, judgeDocVersion } from './doc-version.js';
import { judgeGroupVersion } from './group-version.js';
import type { VersionJudgement } from './version-judgement.js';

/**
 * `strict` is the same history with every revision due at its acknowledgement: the ideal hit (was a 304 due
 * for an implementation that knew every write at once?) is judged on it, in the same call. By default the
 * ideal is judged on `history` itself.
 */
export function judge(history: History, exchange: Exchange, strict: History = history): Verdict {
  const page = parsePage(exchange.page);
  const conditional = exchange.sentEtag !== undefined;
  // What was due is decided at the moment the request went out (open loop: later than its intended time).
  const sentAt = exchange.writtenAt ?? exchange.sentAt;
  if (page === undefined) {
    return verdict('error', { reason: 'unknown page', idealHit: conditional ? false : undefined });
  }

  const judgeVersion = (on: History, revs: readonly string[], shown: string): VersionJudgement =>
    page.kind === 'doc' ? judgeDocVersion(on, page.id, revs, sentAt, shown) : judgeGroupVersion(on, page.name, revs, sentAt, exchange.receivedAt);

  // A 304 was due when the client's copy would itself be judged current: exactly when a 304 would be valid304.
  const cached = conditional && exchange.cachedRevs !== undefined ? judgeVersion(history, exchange.cachedRevs, '304 cached version') : undefined;
  const ideal = strict === history || cached === undefined ? cached : judgeVersion(strict, exchange.cachedRevs!, '304 cached version');
  const idealHit = conditional ? ideal?.kind === 'current' : undefined;

  switch (exchange.status) {
    case 0:
      return verdict('error', { reason: 'no response', idealHit });
    case 200:
      return fromVersion(judgeVersion(history, exchange.bodyRevs ?? [], '200 body'), 'fresh200', 'stale200', idealHit);
    case 304:
      if (cached === undefined) return verdict('error', { reason: '304 to an unconditional request', idealHit });
      return fromVersion(cached, 'valid304', 'stale304', idealHit);
    case 404:
      return judgeAbsence(history, page, sentAt, exchange.receivedAt, idealHit);
    default:
      return verdict('error', { reason: `status ${exchange.status}`, idealHit });
  }
}

function fromVersion(judgement: VersionJudgement, fresh: VerdictClass, stale: VerdictClass, idealHit: boolean | undefined): Verdict {
  if (judgement.kind === 'unknown' || judgement.kind === 'wrong') return verdict('error', { reason: judgement.reason, idealHit });
  if (judgement.kind === 'stale') return verdict(stale, { staleForMs: judgement.staleForMs, behind: judgement.behind, idealHit });
  return verdict(fresh, { idealHit });
}

// A 404 is a full response whose version is "absent". A right 404 is classed 'fresh200' (the closed set's "fresh
// full response"; the status count still tells 404s apart); a 404 where a page was due is an 'error', never a
// stale200, because no older version of the page was shown.
function judgeAbsence(history: History, page: PageRef, sentAt: number, receivedAt: number, idealHit: boolean | undefined): Verdict {
  if (page.kind === 'doc') {
    return absenceIsRight(history, page.id, sentAt, receivedAt)
      ? verdict('fresh200', { idealHit })
      : verdict('error', { reason: '404 for an existing document', idealHit });
  }
  // An empty group may be answered 404 as well as with an empty list.
  const empty = judgeGroupVersion(history, page.name, [], sentAt, receivedAt);
  return empty.kind === 'current' ? verdict('fresh200', { idealHit }) : verdict('error', { reason: '404 for a group with members', idealHit });
}

interface VerdictFields {
  readonly staleForMs?: number;
  readonly behind?: StaleDetail;
  readonly idealHit?: boolean | undefined;
  readonly reason?: string;
}

// Only the fields that apply, so a verdict reads (and serialises) without undefined keys.
function verdict(cls: VerdictClass, fields: VerdictFields): Verdict {
  return {
    class: cls,
    ...(fields.staleForMs !== undefined && { staleForMs: fields.staleForMs }),
    ...(fields.behind !== undefined && { behind: fields.behind }),
    ...(fields.idealHit !== undefined && { idealHit: fields.idealHit }),
    ...(fields.reason !== undefined && { reason: fields.reason }),
  };
}
