// Runs a scenario's fault steps at their times in the measured window and records each as a timeline event
// (start, end, or why it could not run). A fault that fails is an event too, never the run's end: the load
// goes on, and what the implementation did meanwhile is judged like every other response. Steps run one at a
// time, in order: one that comes due while the last is still under way (a CouchDB restart that takes seconds on
// a loaded machine) starts when it ends, and its event says when that was. Overlapping faults would test
// something else (an implementation cannot start while CouchDB is down).

import { setTimeout as sleep } from 'node:timers/promises';
import type { TimelineEvent } from '../results/types.js';
import type { FaultStep } from '../scenario/scenario.js';
import type { FaultTargets } from '../contract/faults.js';

export class FaultSchedule {
  readonly events: TimelineEvent[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  /** The steps so far, one after the other. */
  #queue: Promise<void> = Promise.resolve();
  /** What must be undone if the run stops while a fault lasts (SIGCONT, unstall). */
  readonly #undo = new Set<() => Promise<void>>();
  readonly #started = new Set<FaultStep>();
  /** Cuts a lasting fault short when the load ends first. */
  readonly #stopping = new AbortController();
  #couchRestarted = false;

  constructor(
    private readonly steps: readonly FaultStep[],
    private readonly targets: FaultTargets,
    /** Ms since the start of the measured window. */
    private readonly sinceWindow: () => number,
  ) {}

  /** Whether CouchDB restarted during the window (its request counters started again from 0). */
  get couchRestarted(): boolean {
    return this.#couchRestarted;
  }

  /** Arms every step; `windowInMs` is how long until the measured window starts. */
  start(windowInMs: number): void {
    for (const step of this.steps) {
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.#queue = this.#queue.then(() => this.#run(step));
        },
        windowInMs + step.atS * 1000,
      );
      this.#timers.add(timer);
    }
  }

  /** Cancels steps not yet due (recorded as not run), undoes a lasting one and waits for those under way. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#stopping.abort();
    for (const undo of [...this.#undo]) await undo();
    await this.#queue;
    for (const step of this.steps) if (!this.#started.has(step)) this.#mark('fault-skipped', `${step.kind} at ${step.atS} s not run: the load ended first`);
  }

  async #run(step: FaultStep): Promise<void> {
    // Queued behind a step that outlasted the load: not started at all.
    if (this.#stopping.signal.aborted) return;
    this.#started.add(step);
    try {
      await this.#perform(step);
    } catch (error) {
      this.#mark('fault-error', `${step.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async #perform(step: FaultStep): Promise<void> {
    const { couch, nodes, feed, proxy, implementations } = this.targets;
    const forMs = (step.forS ?? 1) * 1000;
    switch (step.kind) {
      case 'pause-couchdb':
        if (couch === undefined) return this.#skip(step, 'CouchDB is not a process the harness started');
        await this.#lasting(
          step,
          forMs,
          `CouchDB paused (${couch.pauseMeans.pause})`,
          () => couch.pause(),
          `CouchDB resumed (${couch.pauseMeans.resume})`,
          () => couch.resume(),
        );
        return;
      case 'stall-feed':
        if (feed === undefined) return this.#skip(step, this.targets.feedMissing ?? 'the feeds do not pass through the harness');
        await this.#lasting(
          step,
          forMs,
          'changes feed stalled',
          () => feed.stallFeeds(),
          'changes feed flows again',
          () => feed.unstallFeeds(),
        );
        return;
      case 'cut-feed': {
        if (feed === undefined) return this.#skip(step, this.targets.feedMissing ?? 'the feeds do not pass through the harness');
        const cut = await feed.cutFeeds();
        this.#mark(step.kind, `changes feed cut (${cut} connection${cut === 1 ? '' : 's'})`);
        return;
      }
      case 'restart-couchdb':
        if (couch === undefined) return this.#skip(step, 'CouchDB is not a process the harness started');
        this.#couchRestarted = true;
        await this.#restart(step.kind, 'CouchDB', () => couch.restart());
        return;
      case 'pause-couchdb-node':
      case 'stop-couchdb-node': {
        if (nodes === undefined) return this.#skip(step, 'CouchDB is not a cluster whose nodes the harness runs');
        const node = step.node ?? nodes.count - 1;
        const paused = step.kind === 'pause-couchdb-node';
        await this.#lasting(
          step,
          forMs,
          `CouchDB node ${node} ${paused ? 'paused' : 'stopped'}`,
          () => (paused ? nodes.pause(node) : nodes.stop(node)),
          `CouchDB node ${node} ${paused ? 'resumed' : 'started again'}`,
          () => (paused ? nodes.resume(node) : nodes.start(node)),
        );
        return;
      }
      case 'restart-proxy':
        if (proxy === undefined) return this.#skip(step, 'no caching proxy in this run');
        if (proxy.restart === undefined) return this.#skip(step, 'this proxy cannot be restarted by the harness');
        await this.#restart(step.kind, `${proxy.setup.spec.name}`, () => proxy.restart!());
        return;
      case 'restart-implementation': {
        const index = step.instance ?? 0;
        const instance = implementations[index];
        if (instance === undefined) return this.#skip(step, `no instance ${index} (${implementations.length} running)`);
        if (instance.restart === undefined) return this.#skip(step, `${instance.spec.spec} is not a process the harness can restart`);
        await this.#restart(step.kind, `${instance.spec.spec}${implementations.length > 1 ? ` #${index}` : ''}`, () => instance.restart!());
        return;
      }
    }
  }

  async #lasting(step: FaultStep, forMs: number, startLabel: string, begin: () => Promise<void>, endLabel: string, end: () => Promise<void>): Promise<void> {
    let undone = false;
    const undo = async (): Promise<void> => {
      if (undone) return;
      undone = true;
      this.#undo.delete(undo);
      await end();
      this.#mark(`${step.kind}-end`, endLabel);
    };
    this.#undo.add(undo);
    await begin();
    this.#mark(step.kind, `${startLabel} for ${forMs / 1000} s`);
    await sleep(forMs, undefined, { signal: this.#stopping.signal }).catch(() => {});
    await undo();
  }

  async #restart(kind: string, what: string, restart: () => Promise<void>): Promise<void> {
    const began = this.sinceWindow();
    this.#mark(kind, `${what} restarting`);
    await restart();
    this.#mark(`${kind}-end`, `${what} back after ${((this.sinceWindow() - began) / 1000).toFixed(1)} s`);
  }

  #skip(step: FaultStep, why: string): void {
    this.#mark('fault-skipped', `${step.kind} skipped: ${why}`);
  }

  #mark(kind: string, label: string): void {
    this.events.push({ atMs: Math.round(this.sinceWindow()), kind, label });
  }
}
