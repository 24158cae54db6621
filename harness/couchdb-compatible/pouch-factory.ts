// One PouchDB constructor per server instance, so that two embedded servers in one process share nothing.
// PouchDB.defaults() alone is not enough: every derived constructor shares pouchdb-core's single event
// emitter, so destroying database "x" on one server would cancel the feeds of "x" on another.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { leveldownIn } from './leveldb-storage.js';
import type { PouchConstructor } from './pouch-types.js';

const require = createRequire(import.meta.url);

let base: PouchConstructor | undefined;

interface ChangesHub {
  setMaxListeners(n: number): void;
}

/**
 * The memory adapter notifies live feeds through one pouchdb-utils emitter per process, with one listener
 * per feed: hundreds of feeds on a database are normal here, so lift Node's 10-listener warning on it.
 */
function allowManyFeeds(): void {
  const utils = require('pouchdb-utils') as { changesHandler: { prototype: Record<string, unknown> } };
  const proto = utils.changesHandler.prototype;
  const addListener = proto['addListener'] as (this: ChangesHub, ...args: unknown[]) => unknown;
  proto['addListener'] = function (this: ChangesHub, ...args: unknown[]): unknown {
    this.setMaxListeners(0);
    return addListener.apply(this, args);
  };
}

function basePouch(): PouchConstructor {
  if (!base) {
    allowManyFeeds();
    const core = require('pouchdb-core') as PouchConstructor;
    core.plugin(require('pouchdb-adapter-memory'));
    core.plugin(require('pouchdb-mapreduce'));
    base = core;
  }
  return base;
}

let leveldbAdded = false;

/** The LevelDB adapter, added on first use only: it loads leveldown's native binding. */
function pouchWithLeveldb(): PouchConstructor {
  const core = basePouch();
  if (!leveldbAdded) {
    core.plugin(require('pouchdb-adapter-leveldb'));
    leveldbAdded = true;
  }
  return core;
}

interface DestroyableDb {
  name: string;
  emit(event: 'destroyed', fromConstructor: boolean): void;
}

/**
 * A PouchDB constructor with its own storage prefix and its own constructor-level events: in memory, or,
 * given `dataDir`, on disk under it (leveldb-storage.ts).
 */
export function createIsolatedPouch(options: { dataDir?: string } = {}): PouchConstructor {
  const prefix = `etag-bench-${randomUUID()}-`;
  const Pouch =
    options.dataDir === undefined
      ? basePouch().defaults({ adapter: 'memory', prefix })
      : // migrate: false skips a 2014 format migration that probes `<cwd>/<name>.uuid`.
        pouchWithLeveldb().defaults({ adapter: 'leveldb', prefix, db: leveldownIn(options.dataDir, prefix), migrate: false });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  for (const key of Object.getOwnPropertyNames(EventEmitter.prototype)) {
    const member = (emitter as unknown as Record<string, unknown>)[key];
    if (key !== 'constructor' && typeof member === 'function') Pouch[key] = member.bind(emitter);
  }
  // What pouchdb-core does on its shared emitter: tell every open object of a name that it was destroyed.
  const openByName = new Map<string, Set<DestroyableDb>>();
  emitter.on('ref', (db: DestroyableDb) => {
    const open = openByName.get(db.name) ?? new Set<DestroyableDb>();
    open.add(db);
    openByName.set(db.name, open);
  });
  emitter.on('unref', (db: DestroyableDb) => {
    const open = openByName.get(db.name);
    open?.delete(db);
    if (open?.size === 0) openByName.delete(db.name);
  });
  emitter.on('destroyed', (name: string) => {
    const open = openByName.get(name);
    openByName.delete(name);
    for (const db of open ?? []) db.emit('destroyed', true);
  });
  return Pouch;
}
