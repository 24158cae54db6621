// `--env auto`: external when a CouchDB URL is given; else containers when a container runtime answers, and
// embedded otherwise. The choice comes with its reason, which the CLI prints.

import { detectContainerRuntime } from './container-runtime.js';

import type { EnvironmentKind } from '../../contract/environment.js';

export type { EnvironmentKind };

export interface EnvironmentChoice {
  readonly kind: EnvironmentKind;
  readonly why: string;
}

export async function autoEnvironment(couchdbUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<EnvironmentChoice> {
  if (couchdbUrl !== undefined) return { kind: 'external', why: '--couchdb-url was given' };
  const probe = await detectContainerRuntime(env);
  return probe.available ? { kind: 'containers', why: probe.reason } : { kind: 'embedded', why: probe.reason };
}
