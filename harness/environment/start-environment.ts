// Starts the environment a plan names. The containers stack (testcontainers and its dependencies) is loaded
// only here, and only when containers are asked for: no other environment or command needs it.

import { redactUrl } from '../redact.js';
import { blockedPortReason } from '../../protocol/http/fetch-bad-ports.js';
import type { Environment, EnvironmentKind } from '../contract/environment.js';
import type { ImplSpec } from '../contract/impl-spec.js';
import { InvalidOptionError, StartupError } from '../errors.js';
import { optionalPeerMissing } from '../optional-peers.js';
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

/** The options that only one environment can use, refused with any other; containers without testcontainers. */
export function checkEnvironmentRequest(request: Omit<EnvironmentRequest, 'persistent' | 'couchdbNodes'>): void {
  const { kind } = request;
  if (kind === 'external' && request.couchdbUrl === undefined) throw new InvalidOptionError('--env', 'external', 'usable without --couchdb-url');
  if (kind !== 'external' && (request.couchdbUrl !== undefined || request.db !== undefined)) {
    throw new InvalidOptionError('--couchdb-url/--db', request.couchdbUrl ?? request.db, `given with --env ${kind} (use --env external)`);
  }
  const blocked = request.couchdbUrl === undefined ? undefined : blockedPortReason(request.couchdbUrl);
  if (blocked !== undefined) throw new InvalidOptionError('--couchdb-url', redactUrl(request.couchdbUrl!), `usable: ${blocked}`);
  if (request.couchdbImage !== undefined && kind !== 'containers') {
    throw new InvalidOptionError('--couchdb-image', request.couchdbImage, `usable with --env ${kind} (only with --env containers)`);
  }
  const stackMissing = kind === 'containers' ? optionalPeerMissing('testcontainers') : undefined;
  if (stackMissing !== undefined) throw new StartupError(`--env containers: ${stackMissing}`);
}

/** image: implementations run only in containers: refused before anything starts anywhere else, saying what to
 *  change. `autoWhy`: why --env auto chose `kind`. */
export function refuseImagesOutsideContainers(kind: EnvironmentKind, impls: readonly ImplSpec[], autoWhy?: string): void {
  const image = impls.find((impl) => impl.kind === 'image');
  if (image === undefined || kind === 'containers') return;
  const needs = 'an image: implementation needs --env containers and a container runtime';
  const where = autoWhy === undefined ? `usable with --env ${kind} (${needs})` : `usable here: --env auto chose ${kind} (${autoWhy}), and ${needs}`;
  throw new InvalidOptionError('--impl', image.spec, where);
}

/** --env auto: external with a CouchDB URL, containers where a runtime answers, else embedded; with why. */
export async function chooseEnvironment(couchdbUrl: string | undefined): Promise<{ kind: EnvironmentKind; why: string }> {
  const { autoEnvironment } = await import('./containers/auto-environment.js');
  return autoEnvironment(couchdbUrl);
}
