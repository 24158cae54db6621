// Checks a value against schemas/results.schema.json, the published form of the results contract in types.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { PACKAGE_ROOT } from '../package-info.js';
import type { ResultsFile } from './types.js';

/** The schema ships beside package.json (not beside the compiled code), whether this runs from source or dist/. */
export const RESULTS_SCHEMA_PATH = join(PACKAGE_ROOT, 'schemas', 'results.schema.json');

export type ResultsValidation = { ok: true; results: ResultsFile } | { ok: false; errors: string[] };

// Compiled once per process: compiling costs far more than validating. Union types (`number | null`) are the
// schema's own choice, so ajv's strict mode is told to allow them.
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as object,
);

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

export function validateResults(value: unknown): ResultsValidation {
  if (validate(value)) return { ok: true, results: value as ResultsFile };
  return { ok: false, errors: (validate.errors ?? []).map(describe) };
}
