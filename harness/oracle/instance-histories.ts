// What was due depends on which instance answered. A write through the app is due at its acknowledgement on the
// instance that took it (it invalidates before it answers) and at its `dueAt` on the others, which learn it from
// their feeds (a write straight to CouchDB: at its `dueAt` everywhere). So the same revisions are kept once per
// instance, each with the due times that instance must meet, and an exchange is judged on the history of the
// instance the harness sent it to. An exchange whose instance the harness cannot know (behind a proxy, which picks
// it) is judged on `anywhere`: every revision at its `dueAt`, when every instance must show it.
import type { Exchange, Revision, Verdict } from './types.js';
import { History } from './history.js';
import { judge } from './judge.js';

export class InstanceHistories {
  /** Every revision at its `dueAt`: exchanges of no known instance. */
  readonly anywhere = new History();
  /** Every revision due at its acknowledgement: the ideal hit (an implementation that knew every write at once). */
  readonly strict = new History();
  readonly #byInstance: History[];

  /** `instances`: how many instances the harness spreads its requests over itself (0 or 1: none apart). */
  constructor(instances: number) {
    this.#byInstance = Array.from({ length: instances > 1 ? instances : 0 }, () => new History());
  }

  /** Instances with a history of their own. */
  get instances(): number {
    return this.#byInstance.length;
  }

  record(revision: Revision): void {
    this.anywhere.record(revision);
    const atAck = dueAtAcknowledgement(revision);
    this.#byInstance.forEach((history, i) => history.record(revision.instance === i ? atAck : revision));
    this.strict.record(atAck);
  }

  /** The history an exchange sent to `instance` is judged on. */
  of(instance: number | undefined): History {
    return (instance === undefined ? undefined : this.#byInstance[instance]) ?? this.anywhere;
  }
}

/** One exchange judged on the history of the instance that answered it; the verdict names that instance. */
export function judgeExchange(histories: InstanceHistories, exchange: Exchange): Verdict {
  const verdict = judge(histories.of(exchange.instance), exchange, histories.strict);
  return exchange.instance === undefined ? verdict : { ...verdict, instance: exchange.instance };
}

function dueAtAcknowledgement(revision: Revision): Revision {
  if (revision.dueAt === undefined) return revision;
  const { dueAt: _grace, ...atAck } = revision;
  return atAck;
}
