// Starts the environment a plan names. The containers stack (testcontainers and its dependencies) is loaded
// only here, and only when containers are asked for: no other environment or command needs it.

import type { Environment, EnvironmentKind } from '../contract/environment.js';
import { startEmbeddedEnvironment } from './embedded-environment.js';
import { connectExternalEnvironment } from './external-environment.js';

export interface EnvironmentRequest {
  readonly kind: EnvironmentKind;
  readonly couchdbImage?: string;
  readonly couchdbUrl?: string;
  readonly db?: string;
  /** CouchDB must keep its data across a restart (embedded: on disk). */
  readonly persistent?: boolean;
  /** CouchDB nodes (containers only: a cluster when more than 1). */
  readonly couchdbNodes?: number;
}

export async function startEnvironment(request: EnvironmentRequest, note: (text: string) => void): Promise<Environment> {
  switch (request.kind) {
    case 'containers': {
      const { startContainersEnvironment } = await import('./containers/containers-environment.js');
      return startContainersEnvironment({ couchdbImage: request.couchdbImage, nodes: request.couchdbNodes ?? 1, note });
    }
    case 'external':
      return connectExternalEnvironment(request.couchdbUrl!, request.db);
    case 'embedded':
      return startEmbeddedEnvironment({ persistent: request.persistent === true });
  }
}

/** --env auto: external with a CouchDB URL, containers where a runtime answers, else embedded; with why. */
export async function chooseEnvironment(couchdbUrl: string | undefined): Promise<{ kind: EnvironmentKind; why: string }> {
  const { autoEnvironment } = await import('./containers/auto-environment.js');
  return autoEnvironment(couchdbUrl);
}
