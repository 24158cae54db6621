// schemas/results.schema.json, the published results schema: where it is and what it must hold (the schema of
// results-schema.ts, printed with 2 spaces). write-schema.ts writes it; a test fails when the committed file differs.

import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { resultsJsonSchema } from './results-schema.js';

/** Beside package.json (shipped with the package, "files"), whether this runs from source or dist/. */
export const RESULTS_SCHEMA_PATH = join(PACKAGE_ROOT, 'schemas', 'results.schema.json');

/** The command that regenerates the file, for messages. */
export const WRITE_SCHEMA_COMMAND = 'npm run build && node dist/harness/results/write-schema.js';

export function resultsSchemaText(): string {
  return `${JSON.stringify(resultsJsonSchema, null, 2)}\n`;
}
