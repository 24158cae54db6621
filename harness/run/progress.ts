// What a user sees while `run` works: on a TTY a progress line rewritten in place each second; otherwise
// (CI logs, pipes) one quiet line per run. Everything goes to stderr: stdout is for results.

import type { RunResult } from '../results/types.js';
import type { RunProgress } from './measured-window.js';
import { staleExampleWords } from '../results/stale-example-words.js';

const BAR_WIDTH = 20;

export class ProgressLog {
  readonly #tty: boolean;
  /** The previous tick, for the rate of the last second (the average since the start hides a stall). */
  #last: { readonly elapsedS: number; readonly responses: number } | undefined;

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
    this.#last = undefined;
    if (this.#tty) this.stream.write(`${label}: starting…`);
  }

  progress(label: string, progress: RunProgress): void {
    if (!this.#tty) {
      // One line when the measured load is under way: a CI log shows where a long run is.
      if (this.#last === undefined && !this.quiet) this.stream.write(`${label}: load running (${progress.totalS} s)\n`);
      this.#last = { elapsedS: progress.elapsedS, responses: progress.responses };
      return;
    }
    const last = this.#last ?? { elapsedS: 0, responses: 0 };
    const seconds = progress.elapsedS - last.elapsedS;
    const rate = seconds > 0 ? Math.round((progress.responses - last.responses) / seconds) : 0;
    this.#last = { elapsedS: progress.elapsedS, responses: progress.responses };
    const done = Math.max(0, Math.min(BAR_WIDTH, Math.round((progress.elapsedS / progress.totalS) * BAR_WIDTH)));
    const bar = `[${'#'.repeat(done)}${'-'.repeat(BAR_WIDTH - done)}]`;
    const line = `${label}: ${bar} ${progress.elapsedS.toFixed(0)}/${progress.totalS} s  ${rate}/s  ${progress.responses} responses  ${progress.writes} writes`;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  done(label: string, run: RunResult): void {
    const summary = run.failure
      ? `FAILED: ${run.failure.split('\n')[0]}`
      : `${run.requests} requests, hit rate ${pct(run.hitRate)} (ideal ${pct(run.idealHitRate)}), stale 304 ${run.stale['304']}, stale 200 ${run.stale['200']}, errors ${run.errors}${run.partial ? ', partial' : ''}`;
    const first = run.staleExamples?.[0];
    // The first stale response, so the user knows what to look for before opening the report.
    const example =
      first === undefined
        ? ''
        : `\n  first stale: at ${(first.atMs / 1000).toFixed(3)} s, ${first.page} ${first.status} ${staleExampleWords(first)} (for ${Math.round(first.staleForMs)} ms)`;
    if (this.#tty) this.stream.write(`\r\x1b[2K${label}: ${summary}${example}\n`);
    else if (!this.quiet) this.stream.write(`${label}: ${summary}${example}\n`);
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
