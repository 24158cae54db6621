// `--env auto`: external when a CouchDB URL is given; else containers when a container runtime answers, and
// embedded otherwise (also when a runtime answers but testcontainers is not installed). The choice comes with its
// reason, which the CLI prints.

import { detectContainerRuntime } from './container-runtime.js';
import { optionalPeerMissing } from '../../optional-peers.js';

import type { EnvironmentKind } from '../../contract/environment.js';

export type { EnvironmentKind };

export interface EnvironmentChoice {
  readonly kind: EnvironmentKind;
  readonly why: string;
}

export async function autoEnvironment(
  couchdbUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  stackMissing: () => string | undefined = () => optionalPeerMissing('testcontainers'),
): Promise<EnvironmentChoice> {
  if (couchdbUrl !== undefined) return { kind: 'external', why: '--couchdb-url was given' };
  const probe = await detectContainerRuntime(env);
  if (!probe.available) return { kind: 'embedded', why: probe.reason };
  const missing = stackMissing();
  return missing === undefined ? { kind: 'containers', why: probe.reason } : { kind: 'embedded', why: `${probe.reason}, but ${missing}` };
}
