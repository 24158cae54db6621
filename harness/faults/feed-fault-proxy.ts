// The fault proxy between the implementations and CouchDB, for a scenario that cuts or stalls the changes feed:
// the implementations get its URL as COUCHDB_URL (credentials and path kept), so their feed connections can be
// told apart and acted on while everything else they send to CouchDB passes untouched.

import type { Environment } from '../environment/environment.js';
import type { ImplSpec } from '../implementations/impl-spec.js';
import type { Scenario } from '../scenario/scenario.js';
import type { FeedFaults } from './fault-schedule.js';
import { TcpFaultProxy } from './tcp-fault-proxy.js';

const FEED_FAULTS = new Set(['cut-feed', 'stall-feed']);

export class FeedFaultProxy implements FeedFaults {
  private constructor(
    private readonly proxy: TcpFaultProxy,
    /** CouchDB's URL through the proxy. */
    readonly url: string,
  ) {}

  /** Started only when the scenario has a feed fault and the implementations are local processes. */
  static async startIfNeeded(scenario: Scenario, environment: Environment, impl: ImplSpec): Promise<FeedFaultProxy | undefined> {
    if (!scenario.faults.some((step) => FEED_FAULTS.has(step.kind))) return undefined;
    if (FeedFaultProxy.whyMissing(environment, impl) !== undefined) return undefined;
    const couch = new URL(environment.couchdbUrl);
    const proxy = new TcpFaultProxy(couch.hostname, Number(couch.port || (couch.protocol === 'https:' ? 443 : 80)));
    const { host, port } = await proxy.start();
    const through = new URL(environment.couchdbUrl);
    through.hostname = host;
    through.port = String(port);
    // URL keeps a trailing slash on a bare origin; the environment's URL has none.
    return new FeedFaultProxy(proxy, through.href.replace(/\/$/, '').replace(/\/$/, ''));
  }

  /** Why the feeds of this run cannot pass through the harness; undefined when they can. */
  static whyMissing(environment: Environment, impl: ImplSpec): string | undefined {
    if (impl.kind === 'url') return 'a url: implementation reaches CouchDB on its own';
    if (environment.startImplementation !== undefined) return 'the implementations run in containers and reach CouchDB on their network';
    return undefined;
  }

  cutFeeds(): number {
    return this.proxy.cutFeeds();
  }

  stallFeeds(): void {
    this.proxy.stallFeeds();
  }

  unstallFeeds(): void {
    this.proxy.unstallFeeds();
  }

  stop(): Promise<void> {
    return this.proxy.stop();
  }
}
