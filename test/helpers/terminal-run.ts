// A CLI run started the way a user starts it from a terminal: `npx etag-bench …` (or the installed bin itself)
// as the leader of its own process group, so that a test can signal the whole group as a terminal's Ctrl-C does.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { CLI, markedProcesses, ROOT, TEST_MARK } from './processes.js';

export interface TerminalRun {
  readonly child: ChildProcess;
  /** Every process the run started carries this mark in its environment. */
  readonly mark: string;
  /** The group leader's exit: npx's (npm dies of the Ctrl-C itself while etag-bench finishes), or the CLI's. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** Resolves once stderr matches (rejects if the run exits first, or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** A terminal's Ctrl-C: the signal to every process of the foreground group. */
  signalGroup(signal: NodeJS.Signals): void;
  /** The harness's own node process (npx runs it as a grandchild). */
  mainPid(): number | undefined;
}

export function startTerminalRun(t: Test, args: readonly string[], via: 'npx' | 'bin' = 'npx'): TerminalRun {
  const mark = `terminal-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const [command, first] = via === 'npx' ? ['npx', 'etag-bench'] : [process.execPath, CLI];
  const child = spawn(command, [first, ...args], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, [TEST_MARK]: mark, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
      await exited;
    }
    for (const line of markedProcesses(mark)) process.kill(Number(line.split(':')[0]), 'SIGKILL');
  });
  return {
    child,
    mark,
    exited,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stderr)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the run exited before ${pattern}: ${stderr.slice(-600)}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${stderr.slice(-600)}`);
        await sleep(100);
      }
    },
    signalGroup(signal) {
      process.kill(-child.pid!, signal);
    },
    mainPid() {
      const main = markedProcesses(mark).find((line) => /bin\/etag-bench(\.js)? run /.test(line));
      return main === undefined ? undefined : Number(main.split(':')[0]);
    },
  };
}

/** Waits up to `timeoutMs` for every marked process to be gone; returns those still running. */
export async function processesLeft(mark: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = markedProcesses(mark);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(100);
  }
}
