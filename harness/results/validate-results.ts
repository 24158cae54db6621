// Checks a value against the results contract: first that it is etag-bench results of this version
// (results-format.ts), then every field against the schema written in TypeScript (results-schema.ts), the one
// schemas/results.schema.json is generated from.

import { Ajv, type ErrorObject } from 'ajv';
import { InvalidResultsError, type ResultsProblemKind } from '../errors.js';
import { formatProblem } from './results-format.js';
import { resultsJsonSchema } from './results-schema.js';
import type { ResultsFile } from './types.js';

export type ResultsValidation = { ok: true; results: ResultsFile } | { ok: false; kind: ResultsProblemKind; errors: string[] };

// Compiled once per process: compiling costs far more than validating. `number | null` is written as a type list
// (["number", "null"]), which ajv's strict mode is told to allow.
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile<ResultsFile>(resultsJsonSchema);

/** `/runs/0/hitRate must be number`; ajv's generic messages get the key or values they are about. */
function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: ${String(params.additionalProperty)}`;
  else if (error.keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`;
  else if (error.keyword === 'enum') detail = `: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

/** Every problem found; a file of another version or another tool gets one, saying so. */
export function validateResults(value: unknown): ResultsValidation {
  const format = formatProblem(value);
  if (format !== undefined) return { ok: false, kind: format.kind, errors: [format.message] };
  if (validate(value)) return { ok: true, results: value };
  return { ok: false, kind: 'invalid', errors: (validate.errors ?? []).map(describe) };
}

/** The results in `value`, or an InvalidResultsError naming `source` (a path) and the first problems. */
export function checkResults(value: unknown, source: string, stage: 'read' | 'write' = 'read'): ResultsFile {
  const validation = validateResults(value);
  if (!validation.ok) throw new InvalidResultsError(source, validation.kind, validation.errors, stage);
  return validation.results;
}
