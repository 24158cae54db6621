// What a user sees while `run` works: on a TTY a progress line rewritten in place each second; otherwise
// (CI logs, pipes) one quiet line per run. Everything goes to stderr: stdout is for results.

import type { RunResult } from '../results/types.js';
import type { RunProgress } from './run-scenario.js';

export class ProgressLog {
  readonly #tty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {
    this.#tty = stream.isTTY === true && !quiet;
  }

  note(text: string): void {
    if (!this.quiet) this.stream.write(`${text}\n`);
  }

  starting(label: string): void {
    if (this.#tty) this.stream.write(`${label}: starting…`);
  }

  progress(label: string, progress: RunProgress): void {
    if (!this.#tty) return;
    const rate = progress.elapsedS > 0 ? Math.round(progress.responses / progress.elapsedS) : 0;
    const line = `${label}: ${progress.elapsedS.toFixed(0)}/${progress.totalS}s  ${progress.responses} responses (${rate}/s)  ${progress.writes} writes`;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  done(label: string, run: RunResult): void {
    const summary = run.failure
      ? `FAILED: ${run.failure.split('\n')[0]}`
      : `${run.requests} requests, hit rate ${pct(run.hitRate)} (ideal ${pct(run.idealHitRate)}), stale 304 ${run.stale['304']}, stale 200 ${run.stale['200']}, errors ${run.errors}${run.partial ? ', partial' : ''}`;
    if (this.#tty) this.stream.write(`\r\x1b[2K${label}: ${summary}\n`);
    else if (!this.quiet) this.stream.write(`${label}: ${summary}\n`);
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
