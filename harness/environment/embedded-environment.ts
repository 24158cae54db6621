// The embedded environment: the in-memory CouchDB-compatible server in a process of its own (`etag-bench
// couchdb`), so that its work does not compete with the load generator's event loop.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { STATS_PATH } from './couchdb/front-router.js';
import type { StatsSnapshot } from './couchdb/request-stats.js';
import { couchDbInfo, createDb, dropDb, uniqueDbName, type Environment } from './environment.js';

const READY_TIMEOUT_MS = 30_000;

export async function startEmbeddedEnvironment(): Promise<Environment> {
  const cli = join(PACKAGE_ROOT, 'bin', 'etag-bench.js');
  const child = spawn(process.execPath, [cli, 'couchdb', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  let couchdbUrl: string;
  try {
    couchdbUrl = await readyUrl(child.stdout!, exited, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const couchdb = await couchDbInfo(couchdbUrl);
  return {
    kind: 'embedded',
    couchdbUrl,
    couchdb,
    async database(label) {
      const name = uniqueDbName(label);
      await createDb(couchdbUrl, name);
      return { name, release: () => dropDb(couchdbUrl, name) };
    },
    async stats(): Promise<StatsSnapshot> {
      const response = await fetch(couchdbUrl + STATS_PATH);
      return (await response.json()) as StatsSnapshot;
    },
    stop,
  };
}

function readyUrl(stdout: NodeJS.ReadableStream, exited: Promise<unknown>, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new StartupError(`the embedded CouchDB was not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve((JSON.parse(buffered.slice(0, newline)) as { url: string }).url);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new StartupError(`the embedded CouchDB exited before it was ready: ${stderr().trim()}`));
    });
  });
}
