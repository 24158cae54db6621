// Starts the invalidator as its own process for a run (as a user would run `etag-bench invalidator`), ready
// once it prints its JSON line (its feed is live); stopped with SIGTERM, SIGKILL after a grace.

import { spawnInOwnGroup } from '../child-processes.js';
import { once } from 'node:events';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { stopChild } from '../stop-child.js';
import type { PurgeStyle } from './started-proxy.js';

const READY_TIMEOUT_MS = 30_000;

export interface StartedInvalidator {
  stop(): Promise<void>;
  /** What it wrote on stderr (its closing summary, or why it failed). */
  stderr(): string;
}

export async function startInvalidator(options: { couchdbUrl: string; db: string; purgeUrl: string; style: PurgeStyle }): Promise<StartedInvalidator> {
  const entry = join(PACKAGE_ROOT, 'dist', 'harness', 'cli', 'invalidator-main.js');
  const args = [entry, '--db', options.db, '--purge', options.purgeUrl, '--purge-style', options.style];
  // CouchDB's URL (credentials included) in the environment, not on the command line where ps shows it.
  const child = spawnInOwnGroup(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COUCHDB_URL: options.couchdbUrl } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8192)));
  const exited = once(child, 'exit');
  // A second Ctrl-C exits at once: the invalidator must not outlive the harness even then.
  const onExit = (): void => void child.kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    await stopChild(child, { exited });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StartupError(`invalidator not ready after ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`)), READY_TIMEOUT_MS);
      child.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new StartupError(`invalidator exited (${code}) before it was ready: ${stderr.trim()}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout!.resume();
  return { stop, stderr: () => stderr };
}
