// The package's own name and version, found from wherever this file runs (source under tap, or dist/).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const packageJson = findPackageJson(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
};

export const PACKAGE_NAME = pkg.name;
export const VERSION = pkg.version;
/** The package's root folder (holds scenarios/, schemas/, dist/). */
export const PACKAGE_ROOT = dirname(packageJson);
/** Optional peer dependencies by name, with the version range etag-bench is tested with. */
export const OPTIONAL_PEERS: Readonly<Record<string, string>> = pkg.peerDependencies ?? {};
