// `etag-bench kubernetes manifests`: a sharded run as an Indexed Job and its scenario's ConfigMap, in YAML (apply
// them with kubectl); `etag-bench kubernetes collect`: the shards' results from the pods' logs, as files for
// `report --merge`. Every value is checked before anything is written.

import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { parseImplSpec } from '../../contract/impl-spec.js';
import { InvalidOptionError } from '../../errors.js';
import { collectResults } from '../../kubernetes/collect-results.js';
import { shardedJob } from '../../kubernetes/sharded-job.js';
import { builtInScenarioFile, loadScenario } from '../../scenario/load-scenario.js';
import { loadShares, SHARD_STRIDE } from '../../workload/agents/load-shares.js';
import { parseAgents, parseDbName, parseHttpUrl, parsePositiveCount, parseStartAt } from '../options.js';

interface ManifestFlags {
  name: string;
  namespace?: string;
  shards: number;
  image: string;
  command: string;
  scenario: string;
  impl: string;
  db: string;
  couchdbUrl?: string;
  couchdbSecret?: string;
  startAt: number;
  agents: number | 'auto';
  cpu: string;
  memory: string;
  runArg?: string[];
  out?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function kubernetesCommand(): Command {
  const command = new Command('kubernetes').description('run a scenario sharded over a Kubernetes cluster: the manifests, and the results back');
  command
    .command('manifests')
    .description("write an Indexed Job (one pod per shard, its completion index the shard) and the scenario's ConfigMap, as YAML")
    .requiredOption('--name <name>', "the Job's name (a DNS label); the ConfigMap is <name>-scenario", parseDnsLabel)
    .option('--namespace <namespace>', 'the namespace of both', parseDnsLabel)
    .requiredOption('--shards <n>', 'shards, one pod each', parsePositiveCount)
    .requiredOption('--image <image>', "the image the pods run (the project's image, pushed where the cluster pulls)")
    .option('--command <command>', 'how etag-bench starts in that image', 'node bin/etag-bench.js')
    .requiredOption('-s, --scenario <name|file>', 'the scenario: a built-in name or a .json file')
    .requiredOption('-i, --impl <url:…>', 'the implementation every pod reaches: url:<base URL> (one target for every shard)')
    .requiredOption('--db <name>', 'the database that implementation reads', parseDbName)
    .option('--couchdb-url <url>', 'CouchDB as the pods reach it (credentials in it end up in the manifest: prefer --couchdb-secret)', parseHttpUrl)
    .option('--couchdb-secret <name:key>', "CouchDB's URL from this Secret's key")
    .requiredOption('--start-at <time>', 'when every shard starts its load (ISO 8601 with its zone, or epoch ms): leave time to pull and start', parseStartAt)
    .option('--agents <n|auto>', 'load agents in each pod', parseAgents, 'auto' as const)
    .option('--cpu <quantity>', "each pod's CPU (request = limit)", '1')
    .option('--memory <quantity>', "each pod's memory (request = limit)", '1Gi')
    .option('--run-arg <arg>', 'an extra `run` argument for every pod (repeatable: --run-arg=-d --run-arg=30)', collect)
    .option('-o, --out <file>', 'write the YAML there (default: stdout)')
    .action(async (flags: ManifestFlags, self: Command) => {
      const yaml = manifests(flags);
      if (flags.out === undefined) self.configureOutput().writeOut!(yaml);
      else await writeFile(resolve(flags.out), yaml);
    });
  command
    .command('collect')
    .description("the shards' results.json from their pods' logs (kubectl logs -l etag-bench/run=<name> --tail=-1), as files for report --merge")
    .argument('<logs...>', 'log files, or - for stdin')
    .requiredOption('-o, --out <dir>', 'where shard-<i>-of-<n>.json go')
    .action(async (paths: string[], flags: { out: string }, self: Command) => {
      const shards = paths.flatMap((path) => collectResults(readFileSync(path === '-' ? 0 : path, 'utf8'), path === '-' ? 'stdin' : path));
      if (shards.length === 0) throw new InvalidOptionError('kubernetes collect', paths.join(' '), 'logs holding a results frame (no pod printed one)');
      const dir = resolve(flags.out);
      await mkdir(dir, { recursive: true });
      const written = [];
      for (const shard of shards) {
        const file = join(dir, `${shard.name}.json`);
        await writeFile(file, `${JSON.stringify(shard.results, null, 2)}\n`);
        written.push(file);
      }
      self.configureOutput().writeOut!(`${written.join('\n')}\nmerge them: etag-bench report --merge ${written.join(' ')} -o merged\n`);
    });
  return command;
}

function manifests(flags: ManifestFlags): string {
  const impl = parseImplSpec(flags.impl);
  if (impl.kind !== 'url') throw new InvalidOptionError('--impl', flags.impl, 'url:<base URL> (every pod must reach the one implementation under test)');
  if ((flags.couchdbUrl === undefined) === (flags.couchdbSecret === undefined)) {
    throw new InvalidOptionError('--couchdb-url/--couchdb-secret', flags.couchdbUrl ?? flags.couchdbSecret ?? '', 'given once: one of them');
  }
  if (flags.startAt <= Date.now()) throw new InvalidOptionError('--start-at', new Date(flags.startAt).toISOString(), 'in the future (it has passed)');
  const scenario = loadScenario(flags.scenario);
  try {
    loadShares({
      agents: flags.shards,
      connections: scenario.readers.connections,
      clients: scenario.readers.clients,
      load: scenario.load,
      seed: scenario.seed,
      stride: SHARD_STRIDE,
    });
  } catch (error) {
    throw new InvalidOptionError('--shards', flags.shards, `possible for ${scenario.name}: ${(error as Error).message.replace('agents', 'shards')}`);
  }
  const objects = shardedJob({
    name: flags.name,
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    shards: flags.shards,
    image: flags.image,
    command: flags.command,
    scenarioText: scenarioText(flags.scenario),
    impl: impl.spec,
    db: flags.db,
    couchdb: flags.couchdbUrl !== undefined ? { url: flags.couchdbUrl } : secretRef(flags.couchdbSecret!),
    startAt: flags.startAt,
    agents: flags.agents,
    resources: { cpu: flags.cpu, memory: flags.memory },
    runArgs: flags.runArg ?? [],
  });
  return objects.map((object) => stringify(object)).join('---\n');
}

/** The scenario as the pods read it: a built-in's file without its `$schema` (a relative path there), or the file. */
function scenarioText(nameOrFile: string): string {
  const file = nameOrFile.includes('/') || nameOrFile.endsWith('.json') ? nameOrFile : builtInScenarioFile(nameOrFile);
  const { $schema: _schema, ...scenario } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

function secretRef(value: string): { secret: string; key: string } {
  const [secret, key, ...rest] = value.split(':');
  if (secret === undefined || key === undefined || rest.length > 0 || secret === '' || key === '') {
    throw new InvalidOptionError('--couchdb-secret', value, '<secret name>:<key>');
  }
  return { secret, key };
}

function parseDnsLabel(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value))
    throw new InvalidOptionError('--name', value, 'a DNS label (lower-case letters, digits and -, at most 63)');
  return value;
}
