// Writes schemas/results.schema.json from the schema in results-schema.ts. Usage (after npm run build):
//   node dist/harness/results/write-schema.js

import { writeFileSync } from 'node:fs';
import { RESULTS_SCHEMA_PATH, resultsSchemaText } from './schema-file.js';

writeFileSync(RESULTS_SCHEMA_PATH, resultsSchemaText());
process.stdout.write(`wrote ${RESULTS_SCHEMA_PATH}\n`);
