// Writers: a steady rate of updates and deletes over the whole load, aimed at popular documents, split
// between the app (PUT/DELETE /doc/{id}, the seed's save()) and CouchDB directly (nano). Every
// acknowledged write becomes a revision in the history, with its send and acknowledgement times.

import type { DocumentScope } from 'nano';
import type { Revision } from '../oracle/types.js';
import type { Scenario } from '../scenario/scenario.js';
import type { DocState, DocStates } from './doc-states.js';
import type { LagProbes } from './lag-probes.js';
import { docId, groupName } from './page-chooser.js';
import type { Random } from './random.js';
import { zipfSampler } from './zipf.js';

export interface WriterCounts {
  app: number;
  couch: number;
  conflicts: number;
  failed: number;
  /** Requests the writers sent straight to CouchDB that read (conflict refreshes). */
  couchReads: number;
}

/** Where a write through the app goes: a base URL, and which instance it is when the harness knows. */
export interface AppTarget {
  readonly url: string;
  /** Its index among the instances the harness spreads its requests over itself (absent: one, or behind a proxy). */
  readonly instance?: number;
}

/** With several instances the harness spreads over itself: who probes the other instances after a write. */
export interface CrossInstanceProbes {
  readonly probes: LagProbes;
  /** The base URL of the instance to probe after a write through `instance` (another one, in turn). */
  readonly urlAfter: (instance: number) => string;
}

export interface WritersOptions {
  readonly scenario: Scenario;
  /** Where the next write through the app goes (several instances take turns). */
  readonly appTarget: () => AppTarget;
  /** CouchDB for the next write straight to it (a cluster's nodes take turns, as behind a load balancer). */
  readonly couch: () => DocumentScope<Record<string, unknown>>;
  readonly docOrder: Uint32Array;
  readonly states: DocStates;
  readonly random: Random;
  readonly clock: () => number;
  readonly onRevision: (revision: Revision) => void;
  readonly probes: LagProbes;
  /** A probed write through a known instance is probed on another instance too (the cross-instance lag). */
  readonly crossInstance?: CrossInstanceProbes;
  /** Whether a probe sample counts (acknowledged inside the measured window). */
  readonly inWindow: (ackAt: number) => boolean;
}

interface Outcome {
  readonly status: number;
  readonly rev?: string;
}

export class Writers {
  readonly counts: WriterCounts = { app: 0, couch: 0, conflicts: 0, failed: 0, couchReads: 0 };
  readonly #busy = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #pickDoc: () => number;
  #timer: NodeJS.Timeout | undefined;
  #sequence = 0;

  constructor(private readonly options: WritersOptions) {
    const { scenario, random } = options;
    this.#pickDoc = zipfSampler(scenario.documents.count, scenario.writers.zipfExponent, random);
  }

  /** Writes at the scenario's rate until `stop()`; the schedule does not drift with slow writes. */
  start(): void {
    const rate = this.options.scenario.writers.ratePerSecond;
    if (rate <= 0) return;
    const interval = 1000 / rate;
    const startedAt = this.options.clock();
    let due = 0;
    const tick = (): void => {
      due++;
      this.#launch();
      const next = startedAt + due * interval - this.options.clock();
      this.#timer = setTimeout(tick, Math.max(0, next));
    };
    this.#timer = setTimeout(tick, interval);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  #launch(): void {
    const id = docId(this.options.docOrder[this.#pickDoc()]!);
    // One write per document at a time: a second would only conflict with the first.
    if (this.#busy.has(id)) return;
    this.#busy.add(id);
    const write = this.#write(id)
      .catch(() => {
        this.counts.failed++;
      })
      .finally(() => {
        this.#busy.delete(id);
        this.#inFlight.delete(write);
      });
    this.#inFlight.add(write);
  }

  async #write(id: string): Promise<void> {
    const { scenario, random, clock, states, probes } = this.options;
    const state = states.get(id);
    const throughApp = random() < scenario.writers.throughAppShare;
    const remove = state !== undefined && !state.deleted && random() < scenario.writers.deleteShare;
    const group = this.#nextGroup(state, id);
    const probed = ++this.#sequence % scenario.probes.everyNthWrite === 0;
    const page = `/doc/${id}`;
    const oldEtag = probed ? await probes.etagBefore(page) : undefined;

    const target = throughApp ? this.options.appTarget() : undefined;
    const sentAt = clock();
    const outcome = remove ? await this.#delete(id, state!.rev, target) : await this.#update(id, state, group, target);
    const ackAt = clock();
    if (outcome.status === 409) {
      this.counts.conflicts++;
      await this.#refresh(id);
      return;
    }
    if (outcome.rev === undefined) {
      this.counts.failed++;
      return;
    }
    if (throughApp) this.counts.app++;
    else this.counts.couch++;
    const revision: Revision = {
      docId: id,
      rev: outcome.rev,
      ...(remove ? {} : { group }),
      deleted: remove,
      sentAt,
      ackAt,
      via: throughApp ? 'app' : 'couch',
      ...(target?.instance === undefined ? {} : { instance: target.instance }),
    };
    states.apply(revision);
    this.options.onRevision(revision);
    if (!probed) return;
    const expected = remove ? { deleted: true as const } : { rev: outcome.rev };
    probes.watch(page, oldEtag, expected, ackAt, this.options.inWindow);
    const cross = this.options.crossInstance;
    if (cross !== undefined && target?.instance !== undefined)
      cross.probes.watch(page, oldEtag, expected, ackAt, this.options.inWindow, cross.urlAfter(target.instance));
  }

  #nextGroup(state: DocState | undefined, id: string): string {
    const { scenario, random } = this.options;
    const current = state?.group ?? groupName(Number(id.slice(4)) % scenario.documents.groups);
    if (random() >= scenario.writers.moveShare || scenario.documents.groups < 2) return current;
    let next = current;
    while (next === current) next = groupName(Math.floor(random() * scenario.documents.groups));
    return next;
  }

  async #update(id: string, state: DocState | undefined, group: string, target: AppTarget | undefined): Promise<Outcome> {
    const n = Number(id.slice(4));
    const doc: Record<string, unknown> = { group, title: `Document ${n}, write ${this.#sequence}`, n, write: this.#sequence };
    // A deleted document is created again without a rev, as CouchDB allows.
    if (state !== undefined && !state.deleted) doc._rev = state.rev;
    if (target !== undefined) return this.#app(target.url, 'PUT', `/doc/${encodeURIComponent(id)}`, doc);
    return this.#couch(() => this.options.couch().insert(doc, id));
  }

  async #delete(id: string, rev: string, target: AppTarget | undefined): Promise<Outcome> {
    if (target !== undefined) return this.#app(target.url, 'DELETE', `/doc/${encodeURIComponent(id)}?rev=${encodeURIComponent(rev)}`);
    return this.#couch(() => this.options.couch().destroy(id, rev));
  }

  async #app(url: string, method: string, path: string, body?: unknown): Promise<Outcome> {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = (await response.json().catch(() => ({}))) as { rev?: unknown };
    return { status: response.status, ...(typeof reply.rev === 'string' ? { rev: reply.rev } : {}) };
  }

  async #couch(write: () => Promise<{ rev: string }>): Promise<Outcome> {
    try {
      const { rev } = await write();
      return { status: 201, rev };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (typeof status === 'number') return { status };
      throw error;
    }
  }

  /** After a conflict, learn the document's current revision from CouchDB. */
  async #refresh(id: string): Promise<void> {
    this.counts.couchReads++;
    try {
      const doc = (await this.options.couch().get(id)) as { _rev: string; group?: string };
      const revision: Revision = { docId: id, rev: doc._rev, group: doc.group, deleted: false, ackAt: this.options.clock(), via: 'feed' };
      this.options.states.apply(revision);
      this.options.onRevision(revision);
    } catch {
      // Deleted or unreachable: the changes feed will tell.
    }
  }
}
