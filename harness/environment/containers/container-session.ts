// One containers environment's session on the runtime: its network, the labels every container carries (so a
// reaper can remove them should the harness die first), every container started through it (stopped by stop()),
// the hosts pinned in later containers' /etc/hosts, and the project's image, built once on first use.

import { randomBytes } from 'node:crypto';
import { Network, type GenericContainer, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { ContainerImages } from './container-images.js';
import type { TrackedContainer } from './container-proxy-front.js';
import { PID_LABEL, SESSION_LABEL, startReaper, type Reaper } from './container-reaper.js';
import { dockerRequest, type DockerEndpoint } from './docker-api.js';
import { etagBenchImage } from './etag-bench-image.js';

export class ContainerSession {
  readonly #labels: Record<string, string>;
  readonly #stops = new Set<() => Promise<void>>();
  // CouchDB's and memcached's names, pinned in the /etc/hosts of every container started after them: a lookup
  // through the network's DNS now and then went unanswered for seconds (glibc then waits 5 s and asks the next
  // nameserver), and an implementation whose first document read waited on it answered nothing in a short run.
  readonly #knownHosts: { host: string; ipAddress: string }[] = [];
  // Containers started with those pins, which must learn a pinned host's new address (a cluster node stopped and
  // started again gets one).
  readonly #holders = new Set<StartedTestContainer>();
  #building: Promise<string> | undefined;
  #stopped = false;

  private constructor(
    /** Every container of the session carries it as label `etag-bench.session`. */
    readonly id: string,
    private readonly endpoint: DockerEndpoint,
    private readonly images: ContainerImages,
    private readonly network: StartedNetwork,
    private readonly reaper: Reaper,
    private readonly note: (text: string) => void,
  ) {
    this.#labels = { [SESSION_LABEL]: id, [PID_LABEL]: String(process.pid) };
  }

  static async start(endpoint: DockerEndpoint, images: ContainerImages, note: (text: string) => void): Promise<ContainerSession> {
    const id = randomBytes(6).toString('hex');
    const network = await new Network().start();
    // Removes the session's containers and network should this process die first; dismissed by a clean stop().
    const reaper = startReaper({ endpoint, session: id, networkId: network.getId() });
    return new ContainerSession(id, endpoint, images, network, reaper, note);
  }

  get networkName(): string {
    return this.network.getName();
  }

  /** On the session's network, with its labels and the pinned hosts. */
  prepare<C extends GenericContainer>(container: C): C {
    return container
      .withNetwork(this.network)
      .withLabels(this.#labels)
      .withExtraHosts([...this.#knownHosts]) as C;
  }

  /** Registers a stop, run by stop() unless called first; returns it, runnable once. */
  track(stopOne: () => Promise<void>): () => Promise<void> {
    const once = async (): Promise<void> => {
      this.#stops.delete(once);
      await stopOne();
    };
    this.#stops.add(once);
    return once;
  }

  /** Starts a container prepared and tracked. */
  async startContainer<T extends StartedTestContainer>(container: GenericContainer & { start(): Promise<T> }): Promise<TrackedContainer<T>> {
    const running = (await this.prepare(container).start()) as T;
    this.holdsPins(running);
    const stop = this.track(async () => {
      this.#holders.delete(running);
      await running.stop();
    });
    return { container: running, stop };
  }

  /** Every container started after this knows `host` as this container's address on the network. */
  pinHost(host: string, container: StartedTestContainer): void {
    this.#knownHosts.push({ host, ipAddress: container.getIpAddress(this.network.getName()) });
  }

  /** A container started from prepare() elsewhere: it is told when a pinned host moves. */
  holdsPins(container: StartedTestContainer): void {
    this.#holders.add(container);
  }

  /** `host` (pinned) is now at the address the runtime gives container `id` on the network: every container
   *  started since, and every one started later, learns it (its /etc/hosts rewritten in place). */
  async repin(host: string, id: string): Promise<void> {
    const inspected = await dockerRequest(this.endpoint, 'GET', `/containers/${id}/json`);
    const networks = (JSON.parse(inspected.body) as { NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> } }).NetworkSettings?.Networks;
    const ipAddress = networks?.[this.network.getName()]?.IPAddress;
    if (ipAddress === undefined || ipAddress === '') throw new Error(`${host} has no address on the network after its start`);
    const known = this.#knownHosts.find((entry) => entry.host === host);
    if (known === undefined || known.ipAddress === ipAddress) return;
    known.ipAddress = ipAddress;
    // /etc/hosts is a file the runtime mounts: rewritten in place (sed -i would replace it, which a mount refuses).
    const script = `grep -v '[[:space:]]${host.replaceAll('.', '\\.')}$' /etc/hosts > /tmp/hosts.etag-bench; echo '${ipAddress} ${host}' >> /tmp/hosts.etag-bench; cat /tmp/hosts.etag-bench > /etc/hosts`;
    await Promise.all([...this.#holders].map((holder) => holder.exec(['sh', '-c', script]).catch(() => undefined)));
  }

  /** The project's image (built on first use): what built-in implementations and the compatible server run. */
  projectImage(): Promise<string> {
    this.#building ??= etagBenchImage(this.endpoint, this.images.node).then((image) => {
      if (image.built)
        this.note(`containers: built ${image.name} on ${this.images.node} in ${image.buildMs} ms (context ${(image.contextBytes / 2 ** 20).toFixed(1)} MiB)`);
      return image.name;
    });
    return this.#building;
  }

  /** Stops every tracked container, then the network; throws the first failure after trying them all. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const pending = [...this.#stops];
    this.#stops.clear();
    const failures = (await Promise.allSettled(pending.map((stopOne) => stopOne()))).filter((r) => r.status === 'rejected');
    await this.network.stop().catch(() => {});
    // Something could not be stopped: leave the reaper to retry once this process is gone.
    if (failures.length === 0) this.reaper.dismiss();
    if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
  }
}
