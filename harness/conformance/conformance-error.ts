// The suite ran and an implementation does not conform: exit 1, with one line saying which cases.

import { EtagBenchError } from '../errors.js';
import { stackLabel } from '../results/stack-label.js';
import { blocksConformance, type ConformanceReport } from './results.js';

export class NonConformingError extends EtagBenchError {
  override readonly name = 'NonConformingError';
  readonly code = 'EB_ERR_NOT_CONFORMING';
  override readonly exitCode = 1;

  constructor(readonly report: ConformanceReport) {
    super(
      report
        .map((impl) => ({ impl: stackLabel(impl), failed: impl.cases.filter(blocksConformance).map((c) => c.id) }))
        .filter((impl) => impl.failed.length > 0)
        .map((impl) => `${impl.impl} failed ${impl.failed.length} required case(s): ${impl.failed.join(', ')}`)
        .join('; '),
    );
  }
}
