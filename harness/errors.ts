// One place for the errors the CLI knows how to report: each has a literal code that tests assert on
// and an exit code the CLI maps it to (2 = bad usage or config, 1 = the run itself failed).

export abstract class EtagBenchError extends Error {
  abstract readonly code: string;
  readonly exitCode: number = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A command-line option or value the user gave cannot be used. */
export class InvalidOptionError extends EtagBenchError {
  override readonly name = 'InvalidOptionError';
  readonly code = 'EB_ERR_INVALID_OPTION';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${option}: ${JSON.stringify(value)} is not ${expected}`);
  }
}

/** A process or server the harness started did not come up. */
export class StartupError extends EtagBenchError {
  override readonly name = 'StartupError';
  readonly code = 'EB_ERR_STARTUP';
}

/** A server the harness needs (CouchDB, an implementation) cannot be reached or answered badly. */
export class UnreachableError extends EtagBenchError {
  override readonly name = 'UnreachableError';
  readonly code = 'EB_ERR_UNREACHABLE';
}

/** A scenario file or name that cannot be used. */
export class InvalidScenarioError extends EtagBenchError {
  override readonly name = 'InvalidScenarioError';
  readonly code = 'EB_ERR_INVALID_SCENARIO';
}

/** The run was interrupted (Ctrl-C): what was measured is written, marked partial. */
export class InterruptedError extends EtagBenchError {
  override readonly name = 'InterruptedError';
  readonly code = 'EB_ERR_INTERRUPTED';
  override readonly exitCode: number;
  /** 130 after SIGINT, 143 after SIGTERM: 128 + the signal's number, as a shell reports it. */
  constructor(message: string, signal: NodeJS.Signals = 'SIGINT') {
    super(message);
    this.exitCode = interruptedExitCode(signal);
  }
}

export function interruptedExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/** A run finished but a scenario threshold failed (exit 1). */
export class ThresholdsFailedError extends EtagBenchError {
  override readonly name = 'ThresholdsFailedError';
  readonly code = 'EB_ERR_THRESHOLDS_FAILED';
  override readonly exitCode = 1;
  /** `nonConforming`: with --fail-on-conformance, the stacks that failed a required case (said after the thresholds). */
  constructor(
    readonly failed: readonly string[],
    readonly nonConforming: readonly string[] = [],
  ) {
    super(
      [
        failed.length > 0 ? `${failed.length} threshold(s) failed: ${failed.join('; ')}` : '',
        nonConforming.length > 0 ? `conformance (--fail-on-conformance): ${nonConforming.join('; ')}` : '',
      ]
        .filter((part) => part !== '')
        .join('; '),
    );
  }
}

/** An implementation did not start (exit 2: like bad input, the command as given cannot work). The other runs
 *  went on, and their results are written. */
export class ImplementationStartError extends EtagBenchError {
  override readonly name = 'ImplementationStartError';
  readonly code = 'EB_ERR_IMPLEMENTATION_START';
  constructor(readonly failed: readonly string[]) {
    super(failed.length === 1 ? `${failed[0]}` : `${failed.length} implementations did not start: ${failed.join('; ')}`);
  }
}

/** An implementation exited during its run (exit 1: the run failed); reported with the end of its output. */
export class ImplementationCrashedError extends EtagBenchError {
  override readonly name = 'ImplementationCrashedError';
  readonly code = 'EB_ERR_IMPLEMENTATION_CRASHED';
  override readonly exitCode = 1;
  constructor(readonly failed: readonly string[]) {
    super(`${failed.length === 1 ? 'a run' : `${failed.length} runs`} failed: ${failed.join('; ')}`);
  }
}

/** A scenario asks for a fault its environment or its stack cannot perform: refused before any load (exit 2),
 *  never skipped. */
export class UnsupportedFaultError extends EtagBenchError {
  override readonly name = 'UnsupportedFaultError';
  readonly code = 'EB_ERR_UNSUPPORTED_FAULT';
  constructor(readonly refused: readonly string[]) {
    super(`${refused.length === 1 ? 'a fault' : `${refused.length} faults`} cannot be performed here: ${refused.join('; ')}`);
  }
}

/** Why a value is not results this etag-bench can use: not etag-bench results at all, another version of the
 *  format, or this version with fields that do not match it. */
export type ResultsProblemKind = 'foreign' | 'version' | 'invalid';

/** A results file `report` was given, or results about to be written, that do not match the results schema.
 *  Read: exit 2, the file as given cannot be used. Written: exit 1, etag-bench built them wrong (a bug). The
 *  message lists the first few problems, each naming its field; `problems` holds them all. */
export class InvalidResultsError extends EtagBenchError {
  override readonly name = 'InvalidResultsError';
  readonly code = 'EB_ERR_INVALID_RESULTS';
  override readonly exitCode: number;
  constructor(
    readonly source: string,
    readonly kind: ResultsProblemKind,
    readonly problems: readonly string[],
    readonly stage: 'read' | 'write' = 'read',
  ) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    super(
      stage === 'read'
        ? `${source}: ${shown}${more}`
        : `${source} not written: the results do not match etag-bench's own results schema (a bug in etag-bench, please report it): ${shown}${more}`,
    );
    this.exitCode = stage === 'read' ? 2 : 1;
  }
}
