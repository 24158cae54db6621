// Scenarios are data: built-ins in scenarios/<name>.json, or any file the user names. Each is validated
// against schemas/scenario.schema.json; a bad one is refused with the file, the field's path and what
// was expected.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { InvalidScenarioError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { parseThreshold } from '../results/thresholds/parse-threshold.js';
import { LASTING_FAULTS, NODE_FAULTS, withDefaults, type Scenario, type ScenarioFile } from './scenario.js';

const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');
const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'scenario.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile<ScenarioFile>(schema);

/** The built-in scenario names, sorted. */
export function builtInScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'))
    .sort();
}

/** Where a built-in scenario's file is. */
export function builtInScenarioFile(name: string): string {
  return join(SCENARIO_DIR, `${name}.json`);
}

/** A built-in name, or a path to a scenario file (anything with a slash or ending in .json). */
export function loadScenario(nameOrPath: string): Scenario {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  if (!isPath && !builtInScenarios().includes(nameOrPath)) {
    throw new InvalidScenarioError(`unknown scenario "${nameOrPath}" (built-in: ${builtInScenarios().join(', ')}; or give a .json file)`);
  }
  const file = isPath ? nameOrPath : builtInScenarioFile(nameOrPath);
  return parseScenario(readScenarioFile(file), file, isPath ? file : nameOrPath);
}

function readScenarioFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : String(code ?? error);
    throw new InvalidScenarioError(`${file}: cannot read the scenario (${why})`, { cause: error });
  }
}

/** Parses and validates a scenario's text; `file` names it in messages. */
export function parseScenario(text: string, file: string, source = file): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidScenarioError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new InvalidScenarioError(`${file}: ${problems.join('; ')}`);
  }
  // The schema only knows thresholds are strings; their grammar and metric names are checked here.
  const badThresholds = (value.thresholds ?? []).flatMap((text, i) => {
    try {
      parseThreshold(text);
      return [];
    } catch (error) {
      return [`/thresholds/${i}: ${(error as Error).message}`];
    }
  });
  if (badThresholds.length > 0) throw new InvalidScenarioError(`${file}: ${badThresholds.join('; ')}`);
  const badLoad = [...loadProblems(value.load), ...faultProblems(value.faults, value.durationS, value.couchdb?.nodes ?? 1), ...couchdbProblems(value.couchdb)];
  if (badLoad.length > 0) throw new InvalidScenarioError(`${file}: ${badLoad.join('; ')}`);
  return withDefaults(value, source);
}

// The schema checks each field of `load`; which fields go with which mode is checked here, in words.
function loadProblems(load: ScenarioFile['load']): string[] {
  if (load === undefined) return [];
  if (load.mode === 'open') return load.ratePerSecond === undefined ? ['/load: missing field "ratePerSecond" (open loop sends at a target rate)'] : [];
  const problems: string[] = [];
  if (load.ratePerSecond !== undefined) problems.push('/load/ratePerSecond: only with mode "open"');
  if (load.maxInFlight !== undefined) problems.push('/load/maxInFlight: only with mode "open" (closed loop: readers.connections)');
  return problems;
}

// The schema checks each step's fields; which go with which kind, and that a fault ends inside the window,
// are checked here.
function faultProblems(faults: ScenarioFile['faults'], durationS: number, nodes: number): string[] {
  return (faults ?? []).flatMap((step, i) => {
    const at = `/faults/${i}`;
    const lasting = LASTING_FAULTS.has(step.kind);
    const problems: string[] = [];
    if (step.forS !== undefined && !lasting) problems.push(`${at}/forS: only with ${[...LASTING_FAULTS].join(', ')} (a ${step.kind} has no duration)`);
    if (step.instance !== undefined && step.kind !== 'restart-implementation') problems.push(`${at}/instance: only with restart-implementation`);
    if (step.node !== undefined && !NODE_FAULTS.has(step.kind)) problems.push(`${at}/node: only with ${[...NODE_FAULTS].join(' or ')}`);
    if (NODE_FAULTS.has(step.kind) && nodes < 2) problems.push(`${at}: ${step.kind} needs a cluster (couchdb.nodes ≥ 2; this scenario has ${nodes} node)`);
    else if (step.node !== undefined && step.node >= nodes) problems.push(`${at}/node: ${step.node} is not a node of ${nodes} (they count from 0)`);
    const endS = step.atS + (lasting ? (step.forS ?? 1) : 0);
    if (endS >= durationS) problems.push(`${at}: ends at ${endS} s, not before the measured window does (durationS ${durationS})`);
    return problems;
  });
}

function couchdbProblems(couchdb: ScenarioFile['couchdb']): string[] {
  const nodes = couchdb?.nodes ?? 1;
  if (couchdb?.n !== undefined && couchdb.n > nodes) return [`/couchdb/n: ${couchdb.n} copies need at least ${couchdb.n} nodes (couchdb.nodes is ${nodes})`];
  return [];
}

function describe(error: ErrorObject): string {
  const path = error.instancePath === '' ? '(top level)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path}: unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${path}: missing field "${String(params.missingProperty)}"`;
    default:
      return `${path}: ${error.message ?? 'is invalid'}`;
  }
}
