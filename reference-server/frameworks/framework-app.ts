// What the framework implementations share, so that each file holds only its framework's own app: the life of an
// implementation with no registry (the database prepared at start, nothing to stop), /health's version, the ids
// checked as routeOf checks them for every implementation, and the writes as app-writes.ts takes them.

import type { Database } from '../couch/database.js';
import type { AppWriteOptions } from '../impls/app-writes.js';
import type { FrameworkImplementation, HealthReport, OwnServer } from '../impls/implementation.js';
import { routeOf } from '../http/route.js';
import { frameworkVersion } from './framework-version.js';

export abstract class FrameworkApp implements FrameworkImplementation {
  abstract readonly name: string;
  readonly #version: string;

  /** `packages`: whose installed versions /health reports ("express 5.3.0"). */
  constructor(
    protected readonly database: Database,
    packages: readonly string[],
  ) {
    this.#version = frameworkVersion(...packages);
  }

  start(): Promise<void> {
    return this.database.prepare();
  }

  async stop(): Promise<void> {}

  health(): HealthReport {
    return { status: 'ok', version: this.#version };
  }

  abstract listen(host: string, port: number): Promise<OwnServer>;
}

/** A request's document id or group name, or the answer to give instead (400 for a refused id, else 404). */
export type CheckedName = { readonly name: string } | { readonly status: 400 | 404; readonly error: string; readonly reason: string };

export function checkedName(target: string, kind: 'doc' | 'group'): CheckedName {
  const route = routeOf(target);
  if (route.kind === 'doc' && kind === 'doc') return { name: route.id };
  if (route.kind === 'group' && kind === 'group') return { name: route.name };
  if (route.kind === 'invalid') return { status: 400, error: 'bad_request', reason: route.reason };
  return { status: 404, error: 'not_found', reason: 'no such page' };
}

/** Writes with no precondition of the app's own (neither framework evaluates one on a PUT or DELETE), and with no
 *  registry, nothing to invalidate. */
export const FRAMEWORK_WRITES: AppWriteOptions = { checkIfNoneMatch: false, onSaved: () => {} };
