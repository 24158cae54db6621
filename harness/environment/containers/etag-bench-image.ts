// The project's own image (containers/etag-bench.Dockerfile), built with testcontainers'
// GenericContainer.fromDockerfile on the Node image: the compiled package and only its run-time dependency
// closure, staged with hard links (no copy when the file system allows). Tagged by a hash of what goes in,
// so it is built once per change of the code, the dependencies or the base image; concurrent runs wait for
// one build (a lock folder); older tags of the same repository are removed when unused.

import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, type Stats, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GenericContainer } from 'testcontainers';
import { StartupError } from '../../errors.js';
import { PACKAGE_ROOT, VERSION } from '../../package-info.js';
import { dockerRequest, imageExists, type DockerEndpoint } from './docker-api.js';
import { runtimeClosure } from './package-closure.js';

export const ETAG_BENCH_IMAGE_REPOSITORY = 'localhost/etag-bench/app';
const DOCKERFILE = join(PACKAGE_ROOT, 'containers', 'etag-bench.Dockerfile');
/** The package's own folders and files the image needs (dist/ must be built: `npm run build`). */
const PACKAGE_ENTRIES = ['package.json', 'bin', 'dist', 'schemas', 'scenarios'];
const LOCK_WAIT_MS = 5 * 60_000;

export interface EtagBenchImage {
  readonly name: string;
  /** Built by this call (false: it was there already). */
  readonly built: boolean;
  readonly buildMs: number;
  /** Bytes in the build context (0 when not built). */
  readonly contextBytes: number;
  /** The package's folder inside the image (its working directory). */
  readonly workdir: string;
}

export async function etagBenchImage(endpoint: DockerEndpoint, nodeImage: string): Promise<EtagBenchImage> {
  const plan = stagePlan();
  const baseId = await imageId(endpoint, nodeImage);
  const hash = createHash('sha256').update(readFileSync(DOCKERFILE)).update(`${nodeImage}\0${baseId}\0`);
  for (const file of plan.files) {
    hash.update(`${file.target}\0`);
    // Dependencies are identified by name@version; the package's own files by their content.
    hash.update(file.own ? readFileSync(file.source) : file.identity);
  }
  const name = `${ETAG_BENCH_IMAGE_REPOSITORY}:${VERSION}-${hash.digest('hex').slice(0, 12)}`;
  const workdir = plan.workdir;
  if (await imageExists(endpoint, name)) return { name, built: false, buildMs: 0, contextBytes: 0, workdir };

  const release = await lock(endpoint, name);
  try {
    if (await imageExists(endpoint, name)) return { name, built: false, buildMs: 0, contextBytes: 0, workdir };
    const started = performance.now();
    const context = mkdtempSync(join(tmpdir(), 'etag-bench-image-'));
    try {
      const contextBytes = stage(context, plan);
      await GenericContainer.fromDockerfile(context, 'Dockerfile')
        .withBuildArgs({ NODE_IMAGE: nodeImage, WORKDIR: workdir })
        .build(name, { deleteOnExit: false });
      // testcontainers does not report a failed build: the image being there is the proof.
      if (!(await imageExists(endpoint, name))) {
        throw new StartupError(`building ${name} on ${nodeImage} failed (run with DEBUG=testcontainers:build for its log)`);
      }
      await removeOlderTags(endpoint, name);
      return { name, built: true, buildMs: Math.round(performance.now() - started), contextBytes, workdir };
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  } finally {
    release();
  }
}

interface StagedFile {
  readonly source: string;
  /** Path under app/ in the build context. */
  readonly target: string;
  readonly own: boolean;
  readonly identity: string;
}

interface StagePlan {
  readonly files: readonly StagedFile[];
  readonly workdir: string;
}

/** The files to stage, laid out as on the host below the folder that holds the package and its node_modules. */
function stagePlan(): StagePlan {
  const closure = runtimeClosure(PACKAGE_ROOT);
  const base = commonAncestor([PACKAGE_ROOT, ...closure.map((pkg) => pkg.dir)]);
  const files: StagedFile[] = [];
  for (const entry of PACKAGE_ENTRIES) {
    for (const source of walk(join(PACKAGE_ROOT, entry), false)) files.push({ source, target: relative(base, source), own: true, identity: '' });
  }
  for (const pkg of closure) {
    const identity = `${pkg.name}@${pkg.version}`;
    // Its nested node_modules are packages of their own: staged when the closure has them.
    for (const source of walk(pkg.dir, true)) files.push({ source, target: relative(base, source), own: false, identity });
  }
  return { files, workdir: ['/app', ...relative(base, PACKAGE_ROOT).split(sep).filter(Boolean)].join('/') };
}

function stage(context: string, plan: StagePlan): number {
  copyFileSync(DOCKERFILE, join(context, 'Dockerfile'));
  let bytes = 0;
  for (const file of plan.files) {
    const target = join(context, 'app', file.target);
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(file.source, target);
    } catch {
      copyFileSync(file.source, target);
    }
    bytes += statSync(target).size;
  }
  return bytes;
}

function* walk(path: string, skipNodeModules: boolean): Generator<string> {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return; // an optional entry (scenarios/, schemas/) that is not there
  }
  if (stats.isFile()) {
    yield path;
    return;
  }
  if (!stats.isDirectory()) return;
  for (const entry of readdirSync(path).sort()) {
    if (skipNodeModules && entry === 'node_modules') continue;
    yield* walk(join(path, entry), skipNodeModules);
  }
}

function commonAncestor(paths: readonly string[]): string {
  let ancestor = paths[0]!;
  for (const path of paths) {
    while (path !== ancestor && !path.startsWith(ancestor + sep)) ancestor = dirname(ancestor);
  }
  return ancestor;
}

async function imageId(endpoint: DockerEndpoint, image: string): Promise<string> {
  const response = await dockerRequest(endpoint, 'GET', `/images/${encodeURIComponent(image)}/json`);
  // An image the build will pull (elsewhere than these machines): its name stands for it.
  if (response.status !== 200) return image;
  return (JSON.parse(response.body) as { Id?: string }).Id ?? image;
}

/** One build at a time per image name, across processes: a lock folder, taken over when stale. */
async function lock(endpoint: DockerEndpoint, name: string): Promise<() => void> {
  const path = join(tmpdir(), `etag-bench-image-${createHash('sha256').update(name).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    if (await imageExists(endpoint, name)) return () => {};
    const age = Date.now() - (statSafe(path)?.mtimeMs ?? Date.now());
    if (age > LOCK_WAIT_MS || Date.now() > deadline) rmSync(path, { recursive: true, force: true });
    await sleep(500);
  }
}

const statSafe = (path: string): { mtimeMs: number } | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

async function removeOlderTags(endpoint: DockerEndpoint, keep: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ reference: [ETAG_BENCH_IMAGE_REPOSITORY] }));
  const response = await dockerRequest(endpoint, 'GET', `/images/json?filters=${filters}`).catch(() => undefined);
  if (response?.status !== 200) return;
  const images = JSON.parse(response.body) as { RepoTags?: string[] }[];
  const older = images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${ETAG_BENCH_IMAGE_REPOSITORY}:`) && tag !== keep);
  // By tag (an image may carry several), without force: an image a container still uses stays.
  for (const tag of older) await dockerRequest(endpoint, 'DELETE', `/images/${encodeURIComponent(tag)}`).catch(() => undefined);
}
