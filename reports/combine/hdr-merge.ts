// Exact merging of encoded HDR histograms from several load machines: the counts are added bucket by bucket,
// and percentiles are read from the sum — never averaged from each machine's percentiles, which is wrong
// whenever the machines saw different distributions or different numbers of requests.

import type { Histogram } from 'hdr-histogram-js';
import { decodeHistogram, encodeHistogram, mergeHistograms, percentilesMs } from '../../harness/results/latency-histogram.js';
import type { Percentiles } from '../../harness/results/types.js';

/** One machine's encoded histogram, with where it came from for messages. */
export interface EncodedPart {
  readonly source: string;
  readonly encoded: string;
}

export interface MergedHistogram {
  /** The sum, encoded like the inputs (base64, compressed). */
  readonly encoded: string;
  readonly count: number;
  /** Read from the sum, in ms with 3 decimals, as summarize-run reports them. */
  readonly percentiles: Percentiles;
}

/** A histogram in a results file that hdr-histogram-js cannot decode. */
export class UndecodableHistogramError extends Error {
  override readonly name = 'UndecodableHistogramError';
  constructor(
    readonly source: string,
    readonly field: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super(`${field} in ${source} is not a decodable HDR histogram (${reason})`, options);
  }
}

function decode(part: EncodedPart, field: string): Histogram {
  try {
    return decodeHistogram(part.encoded);
  } catch (error) {
    throw new UndecodableHistogramError(part.source, field, { cause: error });
  }
}

/** The sum of `parts`; `field` names them in an error (`histograms.200 of read-mostly × reference`). */
export function mergeEncoded(parts: readonly EncodedPart[], field: string): MergedHistogram {
  const decoded = parts.map((part) => decode(part, field));
  const merged = mergeHistograms(decoded);
  try {
    return { encoded: encodeHistogram(merged), count: merged.totalCount, percentiles: percentilesMs(merged) };
  } finally {
    for (const histogram of [...decoded, merged]) histogram.destroy();
  }
}
