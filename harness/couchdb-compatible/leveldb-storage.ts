// Where a persistent server keeps its databases: one LevelDB directory per PouchDB store, flat under the
// data dir. PouchDB asks for stores by location (its prefix + a name); this maps them to safe directory
// names and finds the databases again on the next start.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

type Callback = (err?: unknown) => void;

/** What pouchdb-adapter-leveldb accepts as its `db` option: a leveldown factory with a static destroy. */
export interface LeveldownFactory {
  (location: string): unknown;
  destroy(location: string, callback: Callback): void;
}

interface Leveldown {
  (location: string): unknown;
  destroy(location: string, callback: Callback): void;
}

// pouchdb-mapreduce keeps a view's index in a store of its own named `<db>-mrview-<md5 of the view>`.
const VIEW_STORE = /^(.+)-mrview-(?:[0-9a-f]{32}|temp)$/;
// Kept as they are in a directory name; anything else (`$ ( ) + /`, and `.` so that no name is `..`) is %XX.
const SAFE = /[a-z0-9_-]/;
// CouchDB's rule for database names: other directories under the data dir are not databases.
const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

/** A database name as a directory name: reversible, and never a path of more than one segment. */
export function storeDirName(name: string): string {
  let out = '';
  for (const char of name) {
    if (SAFE.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The database a directory holds; undefined for a directory this server did not name. */
function storeName(dirName: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(dirName);
  } catch {
    return undefined;
  }
  return DB_NAME.test(name) && storeDirName(name) === dirName ? name : undefined;
}

/**
 * A leveldown factory storing under `dataDir`. `prefix` (the PouchDB constructor's own) is dropped from
 * locations; a view store's location carries it twice, as pouchdb-mapreduce names the view after the
 * prefixed db_name. Each factory has its own function name, since pouchdb-adapter-leveldb-core groups
 * open stores by it (and closes every view store of the group when one database closes).
 */
export function leveldownIn(dataDir: string, prefix: string): LeveldownFactory {
  const leveldown = require('leveldown') as Leveldown;
  const pathOf = (location: string): string => {
    let name = location;
    while (prefix !== '' && name.startsWith(prefix)) name = name.slice(prefix.length);
    return join(dataDir, storeDirName(name));
  };
  const factory = ((location: string) => leveldown(pathOf(location))) as LeveldownFactory;
  Object.defineProperty(factory, 'name', { value: `etagBenchLeveldown_${randomUUID().replace(/-/g, '')}` });
  factory.destroy = (location, callback) => leveldown.destroy(pathOf(location), callback);
  return factory;
}

/** The databases stored under `dataDir` (view stores left out), sorted. */
export async function storedDatabaseNames(dataDir: string): Promise<string[]> {
  const entries = await readdir(dataDir, { withFileTypes: true });
  const names = new Set<string>();
  for (const entry of entries) {
    const name = entry.isDirectory() ? storeName(entry.name) : undefined;
    if (name !== undefined) names.add(name);
  }
  // A name shaped like a view store is a database of its own only when its base database is absent.
  return [...names].filter((name) => !names.has(VIEW_STORE.exec(name)?.[1] ?? '')).sort();
}
