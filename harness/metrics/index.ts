export {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  latencyHistogramsByStatus,
  mergeHistograms,
  percentilesMs,
  recordMs,
} from './latency-histogram.js';
export { percentilesOfMs } from './sample-percentiles.js';
export { summarizeLag } from './lag-summary.js';
export { summarizeRun, type RunFigures, type RunInput } from './summarize-run.js';
