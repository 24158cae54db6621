// Is a value etag-bench results at all, and of the version this etag-bench reads? Decided from `schema` and
// `schemaVersion` alone, before the fields are checked: a file of another version, or another tool's JSON, gets
// one sentence saying so and what to do, not a list of every field that differs.

import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_VERSION } from './types.js';

export interface FormatProblem {
  readonly kind: 'foreign' | 'version';
  readonly message: string;
}

/** `"schema": "etag-bench/results@1"`: the first format, from before schemaVersion. */
const LEGACY_SCHEMA = /^etag-bench\/results@(\d+)$/;

const EXPECTED = `"schema": "${RESULTS_SCHEMA_ID}" and "schemaVersion": ${RESULTS_SCHEMA_VERSION}`;
const RERUN = 'run the benchmark again with this etag-bench, or build the report with the etag-bench version that wrote the file';

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** "written by etag-bench 0.1.0", from the file's `tool`, when it has one. */
function writtenBy(file: Record<string, unknown>): string {
  const tool = file.tool as { name?: unknown; version?: unknown } | undefined;
  if (typeof tool !== 'object' || tool === null || typeof tool.name !== 'string' || typeof tool.version !== 'string') return 'written by an unknown etag-bench';
  return `written by ${tool.name} ${tool.version}`;
}

/** Undefined when the value says it is results of this version (its fields are checked next). */
export function formatProblem(value: unknown): FormatProblem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'foreign', message: `not an etag-bench results file: the JSON is ${jsonTypeOf(value)}, not an object with ${EXPECTED}` };
  }
  const file = value as Record<string, unknown>;
  const { schema, schemaVersion } = file;
  const legacy = typeof schema === 'string' ? LEGACY_SCHEMA.exec(schema) : null;
  if (legacy !== null) {
    return {
      kind: 'version',
      message:
        `schemaVersion is missing: "schema": ${JSON.stringify(schema)} is format version ${legacy[1]} (${writtenBy(file)}), ` +
        `and this etag-bench reads schemaVersion ${RESULTS_SCHEMA_VERSION} only: ${RERUN}`,
    };
  }
  if (schema !== RESULTS_SCHEMA_ID) {
    const found = schema === undefined ? 'has no "schema"' : `has "schema": ${JSON.stringify(schema)}`;
    return { kind: 'foreign', message: `not an etag-bench results file: it ${found}, where etag-bench writes ${EXPECTED}` };
  }
  if (schemaVersion === RESULTS_SCHEMA_VERSION) return undefined;
  if (schemaVersion === undefined) {
    return { kind: 'version', message: `schemaVersion is missing (this etag-bench reads schemaVersion ${RESULTS_SCHEMA_VERSION}): ${RERUN}` };
  }
  const found = `schemaVersion is ${JSON.stringify(schemaVersion)}, not ${RESULTS_SCHEMA_VERSION}`;
  if (typeof schemaVersion !== 'number') return { kind: 'version', message: `${found}: ${RERUN}` };
  const advice =
    schemaVersion > RESULTS_SCHEMA_VERSION
      ? `a newer format than this etag-bench reads (${writtenBy(file)}): build the report with the etag-bench version that wrote the file, or a later one`
      : `an older format (${writtenBy(file)}): ${RERUN}`;
  return { kind: 'version', message: `${found}: ${advice}` };
}
