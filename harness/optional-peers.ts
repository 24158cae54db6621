// Parts of etag-bench that the embedded default never touches are optional peer dependencies, left out of what
// `npx etag-bench` installs (docs/benchmarks.md, "Install"): testcontainers for `--env containers` (about 177
// packages: docker-modem, ssh2, gRPC) and autocannon for `--driver autocannon`. Whoever asks for one is told,
// before anything starts, how to install it, instead of meeting a module-not-found stack trace.

import { createRequire } from 'node:module';
import { OPTIONAL_PEERS } from './package-info.js';

export type OptionalPeer = 'testcontainers' | 'autocannon';

/** `npm install …` and its npx form, with the version etag-bench is tested with. */
export function installCommand(peer: OptionalPeer): string {
  const spec = `${peer}@${OPTIONAL_PEERS[peer] ?? 'latest'}`;
  return `install it beside etag-bench (npm install ${spec}, or npx -p etag-bench -p ${spec} etag-bench …)`;
}

const resolveFromHere = (name: string): string => createRequire(import.meta.url).resolve(name);

/** Undefined when the peer can be loaded from here; else why not and how to get it. */
export function optionalPeerMissing(peer: OptionalPeer, resolve: (name: string) => string = resolveFromHere): string | undefined {
  try {
    resolve(peer);
    return undefined;
  } catch {
    return `${peer} is not installed: ${installCommand(peer)}`;
  }
}
