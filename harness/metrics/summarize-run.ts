// Turns one run's exchanges and their verdicts into the measured figures of a RunResult. Only exchanges sent
// inside the measured window count: the warm-up before it is excluded.
import type { Exchange, Verdict, VerdictClass } from '../oracle/types.js';
import { STALE_EXAMPLES, type Percentiles, type RunResult, type StaleExample } from '../results/types.js';
import { encodeHistogram, latencyHistogramsByStatus, percentilesMs } from '../results/latency-histogram.js';
import { checkVerdicts, isConditional, isHit, isMeasured } from './measured-exchanges.js';
import { encodedHistogramOfMs, percentilesOfMs } from './sample-percentiles.js';

export type RunFigures = Pick<
  RunResult,
  | 'requests'
  | 'conditionalRequests'
  | 'status'
  | 'classes'
  | 'hitRate'
  | 'idealHitRate'
  | 'stale'
  | 'staleAgeMs'
  | 'staleAgeHistograms'
  | 'staleExamples'
  | 'latencyMs'
  | 'histograms'
  | 'throughputRps'
  | 'errors'
  | 'errorReasons'
>;

export interface RunInput {
  /** Every exchange of the run, warm-up included. */
  readonly exchanges: readonly Exchange[];
  /** verdicts[i] is the oracle's verdict on exchanges[i]. */
  readonly verdicts: readonly Verdict[];
  /** The measured window, [windowStart, windowEnd) on the exchanges' clock (ms). */
  readonly windowStart: number;
  readonly windowEnd: number;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

export function summarizeRun(input: RunInput): RunFigures {
  const { exchanges, verdicts, windowStart, windowEnd } = input;
  checkVerdicts(exchanges, verdicts);
  const classes: Record<VerdictClass, number> = { fresh200: 0, stale200: 0, valid304: 0, stale304: 0, error: 0 };
  const status: Record<string, number> = {};
  const errorReasons: Record<string, number> = {};
  const staleAges = { '304': [] as number[], '200': [] as number[] };
  const staleExamples: StaleExample[] = [];
  const measured: Exchange[] = [];
  let conditional = 0;
  let hits = 0;
  let idealHits = 0;
  let responses = 0;

  exchanges.forEach((exchange, i) => {
    if (!isMeasured(exchange, windowStart, windowEnd)) return;
    const verdict = verdicts[i] as Verdict;
    measured.push(exchange);
    const key = String(exchange.status);
    status[key] = (status[key] ?? 0) + 1;
    classes[verdict.class] += 1;
    if (exchange.status !== 0) responses += 1;
    if (isConditional(exchange)) {
      conditional += 1;
      if (isHit(exchange)) hits += 1;
      if (verdict.idealHit === true) idealHits += 1;
    }
    if (verdict.class === 'error') {
      const reason = verdict.reason ?? 'unknown';
      errorReasons[reason] = (errorReasons[reason] ?? 0) + 1;
    }
    if (verdict.staleForMs !== undefined) {
      if (verdict.class === 'stale304') staleAges['304'].push(verdict.staleForMs);
      if (verdict.class === 'stale200') staleAges['200'].push(verdict.staleForMs);
      const example = staleExample(exchange, verdict, windowStart);
      if (example !== undefined) staleExamples.push(example);
    }
  });

  const latencyMs: Record<string, Percentiles> = {};
  const histograms: Record<string, string> = {};
  for (const [key, histogram] of latencyHistogramsByStatus(measured)) {
    latencyMs[key] = percentilesMs(histogram);
    histograms[key] = encodeHistogram(histogram);
  }
  const windowS = (windowEnd - windowStart) / 1000;

  return {
    requests: measured.length,
    conditionalRequests: conditional,
    status,
    classes,
    hitRate: ratio(hits, conditional),
    idealHitRate: ratio(idealHits, conditional),
    stale: { '304': classes.stale304, '200': classes.stale200 },
    staleAgeMs: { '304': percentilesOfMs(staleAges['304']), '200': percentilesOfMs(staleAges['200']) },
    // Both statuses always, empty when none was stale: merging never has to tell "none" from "not recorded".
    staleAgeHistograms: { '304': encodedHistogramOfMs(staleAges['304']), '200': encodedHistogramOfMs(staleAges['200']) },
    staleExamples: staleExamples.sort((a, b) => a.atMs - b.atMs).slice(0, STALE_EXAMPLES),
    latencyMs,
    histograms,
    throughputRps: windowS > 0 ? responses / windowS : 0,
    errors: classes.error,
    errorReasons,
  };
}

function staleExample(exchange: Exchange, verdict: Verdict, windowStart: number): StaleExample | undefined {
  const { behind, staleForMs } = verdict;
  if (behind === undefined || staleForMs === undefined || (exchange.status !== 200 && exchange.status !== 304)) return undefined;
  return {
    atMs: Math.round((exchange.writtenAt ?? exchange.sentAt) - windowStart),
    page: exchange.page,
    status: exchange.status,
    staleForMs,
    docId: behind.docId,
    ...(behind.shownRev !== undefined && { shownRev: behind.shownRev }),
    dueRev: behind.dueRev,
    ...(exchange.instance !== undefined && { instance: exchange.instance }),
    ...(behind.takenBy !== undefined && { dueRevTakenBy: behind.takenBy }),
  };
}
