// The few Docker Engine API calls the harness makes itself, over node:http (podman answers the same API):
// ping, image presence and pull (with the runtime's own error text, which testcontainers' pull drops),
// and finding and removing the containers and network of a session. Containers themselves are started
// with testcontainers.

import { request } from 'node:http';
import { UnreachableError } from '../../errors.js';

/** Where the API answers: a unix socket or a TCP host:port (DOCKER_HOST). */
export type DockerEndpoint = { readonly socketPath: string } | { readonly host: string; readonly port: number };

export interface DockerResponse {
  readonly status: number;
  readonly body: string;
}

/** DOCKER_HOST as an endpoint: unix:///path, tcp://host:port or http://host:port; undefined otherwise. */
export function endpointFromDockerHost(dockerHost: string): DockerEndpoint | undefined {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const match = /^(?:tcp|http):\/\/([^:/]+)(?::(\d+))?\/?$/.exec(dockerHost);
  if (match === null) return undefined;
  return { host: match[1]!, port: Number(match[2] ?? '2375') };
}

export function describeEndpoint(endpoint: DockerEndpoint): string {
  return 'socketPath' in endpoint ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`;
}

export function dockerRequest(endpoint: DockerEndpoint, method: string, path: string, timeoutMs = 10_000): Promise<DockerResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ ...endpoint, method, path, headers: { host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function imageExists(endpoint: DockerEndpoint, image: string): Promise<boolean> {
  const response = await dockerRequest(endpoint, 'GET', `/images/${encodeURIComponent(image)}/json`);
  return response.status === 200;
}

/** Pulls an image; resolves with undefined when it is there afterwards, else with the runtime's reason. */
export async function pullImage(endpoint: DockerEndpoint, image: string, timeoutMs: number): Promise<string | undefined> {
  const colon = image.lastIndexOf(':');
  const [name, tag] = colon > image.lastIndexOf('/') ? [image.slice(0, colon), image.slice(colon + 1)] : [image, 'latest'];
  let reason: string | undefined;
  try {
    const response = await dockerRequest(endpoint, 'POST', `/images/create?fromImage=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}`, timeoutMs);
    // The status is 200 even when the pull failed: the error is a line of the progress stream.
    for (const line of response.body.split('\n')) {
      const message = (safeJson(line) as { error?: unknown } | undefined)?.error;
      if (typeof message === 'string') reason = message;
    }
    if (response.status !== 200) reason ??= `the runtime answered ${response.status}`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (await imageExists(endpoint, image)) return undefined;
  return reason ?? 'the image is not there after the pull';
}

export interface ContainerSummary {
  readonly Id: string;
  readonly Names?: readonly string[];
  readonly State?: string;
  readonly Labels?: Record<string, string>;
  readonly Ports?: readonly { readonly PrivatePort?: number; readonly PublicPort?: number }[];
}

/** Containers, running or not, that carry every given label (`key=value`). */
export async function listContainers(endpoint: DockerEndpoint, labels: readonly string[]): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const response = await dockerRequest(endpoint, 'GET', `/containers/json?all=true&filters=${filters}`);
  if (response.status !== 200) throw new UnreachableError(`listing containers: the runtime answered ${response.status} ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body) as ContainerSummary[];
}

export async function removeContainer(endpoint: DockerEndpoint, id: string): Promise<void> {
  const response = await dockerRequest(endpoint, 'DELETE', `/containers/${encodeURIComponent(id)}?force=true&v=true`, 30_000);
  if (response.status >= 300 && response.status !== 404)
    throw new UnreachableError(`removing container ${id.slice(0, 12)}: ${response.status} ${response.body.slice(0, 200)}`);
}

export async function removeNetwork(endpoint: DockerEndpoint, id: string): Promise<void> {
  const response = await dockerRequest(endpoint, 'DELETE', `/networks/${encodeURIComponent(id)}`, 30_000);
  if (response.status >= 300 && response.status !== 404)
    throw new UnreachableError(`removing network ${id.slice(0, 12)}: ${response.status} ${response.body.slice(0, 200)}`);
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
