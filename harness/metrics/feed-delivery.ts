// The raw `_changes` delivery beside the invalidation lag: for every write acknowledged in the window, the time
// from its acknowledgement to its arrival on the harness's own feed reader. What an implementation's lag adds to
// it is the implementation's (and the probe's); what it is made of is CouchDB's. Not delivered by the time the
// window is summarised counts as a timeout, as a probe that never saw the write does.
import type { LagSummary } from '../results/types.js';
import { encodedHistogramOfMs } from './sample-percentiles.js';
import { summarizeLag } from './lag-summary.js';

export interface AcknowledgedWrite {
  readonly docId: string;
  readonly rev: string;
  readonly ackAt: number;
}

export interface FeedDelivery {
  readonly summary: LagSummary;
  /** Every delivery, encoded like the latency histograms: merged exactly across machines. */
  readonly histogram: string;
}

export function summarizeFeedDelivery(writes: readonly AcknowledgedWrite[], deliveredAt: (docId: string, rev: string) => number | undefined): FeedDelivery {
  const samples: number[] = [];
  let missing = 0;
  for (const write of writes) {
    const at = deliveredAt(write.docId, write.rev);
    if (at === undefined) missing++;
    // The feed can beat the writer's own acknowledgement by a hair: that delivery took no time after it.
    else samples.push(Math.max(0, at - write.ackAt));
  }
  return { summary: summarizeLag(samples, missing), histogram: encodedHistogramOfMs(samples) };
}
