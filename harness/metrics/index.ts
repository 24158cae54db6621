export {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  latencyHistogramsByStatus,
  mergeHistograms,
  percentilesMs,
  recordMs,
} from './latency-histogram.js';
export { encodedHistogramOfMs, longHistogramOfMs, percentilesOfMs } from './sample-percentiles.js';
export { lagHistogram, summarizeLag } from './lag-summary.js';
export { summarizeRun, type RunFigures, type RunInput } from './summarize-run.js';
export { buildTimeline, TIMELINE_BUCKET_MS, type TimelineInput } from './timeline.js';
