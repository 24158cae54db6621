// Is there a container runtime to start containers with? DOCKER_HOST when it is set, else the usual Docker and
// podman sockets; a runtime "answers" when its API answers GET /_ping. `--env auto` asks this (no testcontainers
// loaded: it is quick), and the containers environment refuses to start without an answer.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../../errors.js';
import { describeEndpoint, dockerRequest, endpointFromDockerHost, type DockerEndpoint } from './docker-api.js';

const PING_TIMEOUT_MS = 2_000;

/** How a user sets a runtime up on these machines (README.md, Environments). */
export const RUNTIME_SETUP = 'eval "$(../shared/ci/container-runtime.sh)" (as root), or start Docker and set DOCKER_HOST';

export type RuntimeProbe =
  | { readonly available: true; readonly endpoint: DockerEndpoint; readonly dockerHost: string; readonly reason: string }
  | { readonly available: false; readonly reason: string };

export async function detectContainerRuntime(env: NodeJS.ProcessEnv = process.env): Promise<RuntimeProbe> {
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost !== undefined && dockerHost !== '') {
    const endpoint = endpointFromDockerHost(dockerHost);
    if (endpoint === undefined) return { available: false, reason: `DOCKER_HOST=${dockerHost} is not a unix:// or tcp:// address` };
    const failure = await ping(endpoint);
    return failure === undefined
      ? { available: true, endpoint, dockerHost, reason: `a container runtime answers at DOCKER_HOST=${dockerHost}` }
      : { available: false, reason: `DOCKER_HOST=${dockerHost} does not answer (${failure})` };
  }
  const sockets = candidateSockets(env).filter((path) => existsSync(path));
  for (const socketPath of sockets) {
    const endpoint = { socketPath };
    if ((await ping(endpoint)) === undefined) {
      return { available: true, endpoint, dockerHost: describeEndpoint(endpoint), reason: `a container runtime answers at ${socketPath}` };
    }
  }
  const looked =
    sockets.length === 0 ? 'DOCKER_HOST is unset and no Docker or podman socket exists' : `DOCKER_HOST is unset and ${sockets.join(', ')} do not answer`;
  return { available: false, reason: `no container runtime: ${looked}` };
}

/** The probe's endpoint, or a StartupError saying how to get one. */
export async function requireContainerRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Extract<RuntimeProbe, { available: true }>> {
  const probe = await detectContainerRuntime(env);
  if (!probe.available) throw new StartupError(`--env containers: ${probe.reason}; set one up: ${RUNTIME_SETUP}`);
  return probe;
}

function candidateSockets(env: NodeJS.ProcessEnv): string[] {
  const runtimeDir = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    '/run/podman/podman.sock',
  ];
}

async function ping(endpoint: DockerEndpoint): Promise<string | undefined> {
  try {
    const response = await dockerRequest(endpoint, 'GET', '/_ping', PING_TIMEOUT_MS);
    return response.status === 200 ? undefined : `/_ping answered ${response.status}`;
  } catch (error) {
    return (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
  }
}
