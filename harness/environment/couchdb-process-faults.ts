// The embedded server's CouchFaults: pause and resume by signal, restart as a new process on the same port
// and data dir. It owns whichever process runs now, so the environment stops that one, restarted or not.

import { StartupError } from '../errors.js';
import type { CouchFaults } from '../contract/faults.js';
import { CouchDbProcess } from './couchdb-process.js';

export class CouchDbProcessFaults implements CouchFaults {
  private current: CouchDbProcess;
  private stopped = false;
  // One operation at a time: a stop() that arrives during a restart must stop the restarted process.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    first: CouchDbProcess,
    private readonly dataDir: string | undefined,
  ) {
    this.current = first;
  }

  readonly pauseMeans = { pause: 'SIGSTOP', resume: 'SIGCONT' };

  get persistent(): boolean {
    return this.dataDir !== undefined;
  }

  pause(): Promise<void> {
    return this.serially(() => this.live().pause());
  }

  resume(): Promise<void> {
    return this.serially(() => this.live().resume());
  }

  restart(): Promise<void> {
    const dataDir = this.dataDir;
    if (dataDir === undefined) {
      return Promise.reject(
        new Error(
          'restarting CouchDB needs the persistent embedded server (startEmbeddedEnvironment({ persistent: true })): in memory, its data would be lost',
        ),
      );
    }
    return this.serially(async () => {
      const { url } = this.live();
      await this.current.stop();
      const port = Number(new URL(url).port);
      let next: CouchDbProcess;
      try {
        next = await CouchDbProcess.start({ port, dataDir });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (/is in use/.test(reason)) throw new StartupError(`CouchDB could not restart on ${url}: port ${port} was taken meanwhile`, { cause: error });
        throw new StartupError(`CouchDB could not restart on ${url}: ${reason}`, { cause: error });
      }
      if (next.url !== url) {
        await next.stop();
        throw new StartupError(`CouchDB restarted on ${next.url}, not on ${url}`);
      }
      this.current = next;
    });
  }

  /** Stops the process running now (a paused one is resumed first, so that it can exit); later faults reject. */
  stop(): Promise<void> {
    return this.serially(async () => {
      this.stopped = true;
      await this.current.stop();
    });
  }

  private live(): CouchDbProcess {
    if (this.stopped) throw new Error('CouchDB was stopped with its environment');
    return this.current;
  }

  private serially(operation: () => void | Promise<void>): Promise<void> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
