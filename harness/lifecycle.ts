// Everything a command starts is stopped again, in reverse order: on success, on failure and on Ctrl-C.

import { killChildrenNow } from './child-processes.js';
import { interruptedExitCode } from './errors.js';

type Stop = () => Promise<void>;

export class Resources {
  readonly #stops: { name: string; stop: Stop }[] = [];

  add(name: string, stop: Stop): void {
    this.#stops.push({ name, stop });
  }

  /** Stops everything started so far; a failing stop does not prevent the others. */
  async stopAll(): Promise<void> {
    while (this.#stops.length > 0) {
      const { name, stop } = this.#stops.pop()!;
      try {
        await stop();
      } catch (error) {
        process.stderr.write(`etag-bench: stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}

/**
 * Resolves on SIGINT or SIGTERM (the command then stops its resources and returns); a second signal while it
 * stops kills every child at once and exits (the default action would leave the children, in groups of their
 * own, running).
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const again = (): void => {
        killChildrenNow();
        process.exit(interruptedExitCode(signal));
      };
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Ctrl-C (or SIGTERM) aborts the returned signal once, so the command can stop cleanly and keep what it has;
 * a second one kills every child at once and exits. `received` is the first signal (the exit code depends on
 * it); `dispose` removes the handlers.
 */
export function interruptOnSignals(announce: () => void): { signal: AbortSignal; received: () => NodeJS.Signals | undefined; dispose: () => void } {
  const interrupt = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      process.stderr.write('\netag-bench: interrupted again: stopping everything now, results not written\n');
      killChildrenNow();
      process.exit(interruptedExitCode(received));
    }
    received = signal;
    announce();
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: interrupt.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
