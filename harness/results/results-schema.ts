// The JSON Schema of results.json, written against ResultsFile (types.ts): a schema that does not match the type
// does not compile. validate-results.ts checks files with it; schemas/results.schema.json, the published copy, is
// generated from it (write-schema.ts).

import type { JSONSchemaType } from 'ajv';
import { runSchema } from './run-schema.js';
import { boolean, enumOf, number, object, orNull, record, string } from './typed-schema.js';
import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_VERSION, type ConformanceCaseResult, type ConformanceResult, type ResultsFile } from './types.js';

type Environment = ResultsFile['environment'];

const environment = object<Environment>({
  required: {
    kind: enumOf<Environment['kind']>({ embedded: true, external: true, containers: true }),
    couchdb: object<Environment['couchdb']>(
      {
        required: { version: string, vendor: string },
        optional: {
          image: { type: 'string', description: '--env containers: the image CouchDB ran from (couchdb:3, or a CouchDB-compatible server)' },
          nodes: { type: 'integer', minimum: 2, description: 'A cluster: how many nodes (absent for a single CouchDB)' },
        },
      },
      "The CouchDB measured: its welcome's version and vendor (from GET /).",
    ),
    proxyVersions: record(string),
    node: string,
    machine: object<Environment['machine']>({
      required: { platform: string, arch: string, cpus: number, cpuModel: string, memoryGiB: number },
      optional: {},
    }),
    harnessCeilingRps: {
      ...orNull(number),
      description: "Requests per second the harness's own hook path reaches against a trivial server (its ceiling).",
    },
  },
  optional: {
    loadGenerator: { type: 'string', description: 'The closed-loop load generator and its version, e.g. undici 7.30.2 (absent in older files).' },
  },
});

const conformanceCase = object<ConformanceCaseResult>({
  required: { id: string, kind: enumOf<ConformanceCaseResult['kind']>({ required: true, optional: true }), ok: boolean },
  optional: {
    title: string,
    notApplicable: { type: 'boolean', description: 'Not run: it judges the origin alone and a proxy stood in front; it fails nothing.' },
    detail: { type: 'string', description: 'Why it failed, in words (absent when it passed).' },
  },
});

const conformance = object<ConformanceResult>({
  required: { impl: string, cases: { type: 'array', items: conformanceCase } },
  optional: {
    proxy: { type: 'string', description: 'The proxy the cases went through (varnish:revalidate); absent: straight to the implementation.' },
    proxyVersion: { type: 'string', description: "The proxy's own version (varnish-7.1.1)." },
    failure: { type: 'string', description: 'Set when the suite could not run against the implementation.' },
  },
});

export const resultsSchema: JSONSchemaType<ResultsFile> = object<ResultsFile>({
  required: {
    schema: { type: 'string', const: RESULTS_SCHEMA_ID, description: 'What the file is.' },
    schemaVersion: {
      type: 'integer',
      const: RESULTS_SCHEMA_VERSION,
      description: 'The version of this format (files of version 1 had no schemaVersion and said "schema": "etag-bench/results@1").',
    },
    tool: object<ResultsFile['tool']>({ required: { name: string, version: string }, optional: {} }),
    startedAt: string,
    environment,
    runs: { type: 'array', items: runSchema },
  },
  optional: {
    conformance: {
      type: 'array',
      items: conformance,
      description: "Each implementation's conformance cases (etag-bench conformance), alone and behind each proxy of the run, when run recorded them.",
    },
  },
});

/** The published document: the schema with its dialect and title. */
export const resultsJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: `etag-bench results (schema ${RESULTS_SCHEMA_ID}, schemaVersion ${RESULTS_SCHEMA_VERSION})`,
  description: 'results.json as written by etag-bench run and etag-bench report. Generated from harness/results/results-schema.ts: do not edit.',
  ...resultsSchema,
} as const;
