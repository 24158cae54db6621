// The installed version of a framework package ("express 5.3.0"): what /health reports and results.json keeps, so
// that a comparison says which release was measured.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function frameworkVersion(...packages: readonly string[]): string {
  return packages.map((name) => `${name} ${(require(`${name}/package.json`) as { version: string }).version}`).join(', ');
}
