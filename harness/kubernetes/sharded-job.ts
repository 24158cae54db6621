// A sharded run as Kubernetes manifests: the scenario in a ConfigMap, and an Indexed Job (completionMode: Indexed)
// of n pods, pod k running `etag-bench run --shard k+1/n` (its completion index, JOB_COMPLETION_INDEX, is the shard)
// against one target, all starting their load at one time. Each pod prints its results.json between frame lines on
// its log, for `etag-bench kubernetes collect`. Pure: the objects only; written as YAML by the command.

export interface ShardedJobOptions {
  /** The Job's name (a DNS label); the ConfigMap is `<name>-scenario`. */
  readonly name: string;
  readonly namespace?: string;
  readonly shards: number;
  /** The image the pods run (the project's image, pushed where the cluster pulls from). */
  readonly image: string;
  /** How etag-bench is started in that image (the project's image: `node bin/etag-bench.js` in its workdir). */
  readonly command: string;
  /** The scenario file's text, as it goes into the ConfigMap. */
  readonly scenarioText: string;
  /** The implementation under test, as every pod reaches it (`url:http://app:8080`). */
  readonly impl: string;
  readonly db: string;
  /** CouchDB's URL as the pods reach it: a value, or a Secret's key (credentials stay out of the manifest). */
  readonly couchdb: { readonly url: string } | { readonly secret: string; readonly key: string };
  /** Epoch ms the load starts at, on every shard. */
  readonly startAt: number;
  /** `run --agents` in each pod (`auto`: the pod's cores). */
  readonly agents: number | 'auto';
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** Extra `run` arguments (a duration, a rate, a proxy, thresholds from the scenario apply anyway). */
  readonly runArgs: readonly string[];
}

export const SCENARIO_MOUNT = '/etc/etag-bench';
const SCENARIO_FILE = 'scenario.json';

/** The frame lines around a pod's results.json on its log. */
export const FRAME_BEGIN = '----- etag-bench results begin -----';
export const FRAME_END = '----- etag-bench results end -----';

export function shardedJob(options: ShardedJobOptions): Record<string, unknown>[] {
  const metadata = (name: string) => ({
    name,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    labels: { 'app.kubernetes.io/name': 'etag-bench', 'etag-bench/run': options.name },
  });
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(`${options.name}-scenario`), data: { [SCENARIO_FILE]: options.scenarioText } };
  const couchdbEnv =
    'url' in options.couchdb
      ? { name: 'COUCHDB_URL', value: options.couchdb.url }
      : { name: 'COUCHDB_URL', valueFrom: { secretKeyRef: { name: options.couchdb.secret, key: options.couchdb.key } } };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(options.name),
    spec: {
      completionMode: 'Indexed',
      completions: options.shards,
      parallelism: options.shards,
      // A shard run again would start after the common start (refused) or count its requests twice: never retried.
      backoffLimit: 0,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'etag-bench', 'etag-bench/run': options.name } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'shard',
              image: options.image,
              command: ['sh', '-c', podScript(options)],
              env: [couchdbEnv, { name: 'ETAG_BENCH_SCENARIO', value: `${SCENARIO_MOUNT}/${SCENARIO_FILE}` }],
              resources: { requests: options.resources, limits: options.resources },
              volumeMounts: [{ name: 'scenario', mountPath: SCENARIO_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: 'scenario', configMap: { name: `${options.name}-scenario` } }],
        },
      },
    },
  };
  return [configMap, job];
}

/** What each pod runs: its shard of the run, then its results.json framed on its log (whatever the run's exit). */
export function podScript(options: Pick<ShardedJobOptions, 'shards' | 'command' | 'impl' | 'db' | 'startAt' | 'agents' | 'runArgs'>): string {
  const args = [
    'run',
    '--env',
    'external',
    '--couchdb-url',
    '"$COUCHDB_URL"',
    '--db',
    quote(options.db),
    '-i',
    quote(options.impl),
    '-s',
    '"$ETAG_BENCH_SCENARIO"',
    '--shard',
    `"$((JOB_COMPLETION_INDEX + 1))/${options.shards}"`,
    '--start-at',
    quote(new Date(options.startAt).toISOString()),
    '--agents',
    quote(String(options.agents)),
    '--no-conformance',
    '--quiet',
    '-o',
    '/tmp/etag-bench-out',
    ...options.runArgs.map(quote),
  ];
  return [
    'status=0',
    `${options.command} ${args.join(' ')} || status=$?`,
    `echo ${quote(FRAME_BEGIN)}`,
    'cat /tmp/etag-bench-out/results.json',
    `echo ${quote(FRAME_END)}`,
    'exit "$status"',
  ].join('\n');
}

/** One shell word, single-quoted. */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
