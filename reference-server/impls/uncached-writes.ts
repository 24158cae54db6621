// The part of an implementation without an ETag registry: writes go through the app to CouchDB with
// nothing to invalidate, the database is prepared at start, and there is nothing to stop.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../couch/database.js';
import { deleteThroughApp, saveThroughApp } from './app-writes.js';
import type { HealthReport, PageRoute, RoutedImplementation } from './implementation.js';

export abstract class UncachedWrites implements RoutedImplementation {
  abstract readonly name: string;

  constructor(protected readonly database: Database) {}

  start(): Promise<void> {
    return this.database.prepare();
  }

  async stop(): Promise<void> {}

  health(): HealthReport {
    return { status: 'ok' };
  }

  abstract read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void>;

  save(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return saveThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, onSaved: () => {} });
  }

  remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return deleteThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, onSaved: () => {} });
  }
}
