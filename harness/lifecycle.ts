// Everything a command starts is stopped again, in reverse order: on success, on failure and on Ctrl-C.

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

/** Resolves on SIGINT or SIGTERM (the command then stops its resources and returns). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Ctrl-C (or SIGTERM) aborts the returned signal once, so the command can stop cleanly and keep what it has;
 * a second one exits at once. `dispose` removes the handlers.
 */
export function interruptOnSignals(announce: () => void): { signal: AbortSignal; dispose: () => void } {
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    announce();
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: interrupt.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
