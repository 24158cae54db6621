// Child processes started by tests: spawned, read until ready, and always stopped by the test.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../bin/etag-bench.js', import.meta.url));

export interface Spawned {
  readonly child: ChildProcess;
  /** The first stdout line, parsed as JSON. */
  readonly ready: Record<string, unknown>;
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns a process that prints one JSON line on stdout when ready; the test stops it in teardown. */
export async function spawnReady(t: Test, args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const [code] = await exited;
    return code;
  };
  t.teardown(() => stop('SIGKILL').then(() => undefined));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline !== -1) resolve(JSON.parse(stdout.slice(0, newline)) as Record<string, unknown>);
    });
    exited.then(([code]) => reject(new Error(`exited with ${code} before it was ready: ${stderr}`)));
  });
  return { child, ready, stderr: () => stderr, stop };
}

/** Runs the CLI to completion and collects its output. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Whether a process with this pid still exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment variable a test sets on the CLI it starts; every process the CLI starts inherits it. */
export const TEST_MARK = 'EB_TEST_MARK';

/**
 * Processes still running with this mark in their environment, as "pid: command line": what a test's own CLI
 * started and left, whatever other tests run beside it.
 */
export function markedProcesses(mark: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${TEST_MARK}=${mark}`)) continue;
      found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** One target for several load machines: the embedded CouchDB and the reference serving `db` on it, each its own
 *  process (stopped in teardown). */
export async function startExternalTarget(t: Test, db = 'pages'): Promise<{ couchUrl: string; implUrl: string }> {
  const couch = await spawnReady(t, [CLI, 'couchdb', '--port', '0', '--json']);
  const couchUrl = couch.ready.url as string;
  const served = await spawnReady(t, [
    CLI,
    'serve',
    '--impl',
    'reference',
    '--env',
    'external',
    '--couchdb-url',
    couchUrl,
    '--db',
    db,
    '--port',
    '0',
    '--json',
  ]);
  return { couchUrl, implUrl: served.ready.url as string };
}
