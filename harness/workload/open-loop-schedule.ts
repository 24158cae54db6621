// An open-loop schedule, as wrk2 keeps one: send k is intended at start + k/rate, whatever happened to the
// sends before it. Pure bookkeeping, no timers and no I/O: the driver asks what to send at a time and says
// when a response frees its slot.
//
// At most `maxInFlight` requests are out at once. A send that comes due while every slot is busy waits for
// one (oldest first) and is a *missed send*, counted once; it still goes out as soon as a slot frees, dated
// from its intended time, so a stall shows in the latency of every send scheduled during it. At the end the
// sends still waiting are dropped (`close`): the load does not run past its duration to catch up.

export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  readonly maxInFlight: number;
}

export interface ScheduleOptions extends OpenLoopOptions {
  /** The first send's intended time (ms, on the caller's clock). */
  readonly startMs: number;
  readonly durationS: number;
}

export interface ScheduledSend {
  readonly index: number;
  readonly intendedAt: number;
  /** now − intendedAt when taken: ≥ 0. */
  readonly lateMs: number;
  /** It came due while every slot was busy. */
  readonly missed: boolean;
}

/** Throws a RangeError naming the option when a rate or a cap cannot be used. */
export function checkOpenLoopOptions(options: OpenLoopOptions): void {
  const { ratePerSecond, maxInFlight } = options;
  if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be a number > 0, not ${ratePerSecond}`);
  if (!(Number.isSafeInteger(maxInFlight) && maxInFlight >= 1)) throw new RangeError(`maxInFlight must be a whole number ≥ 1, not ${maxInFlight}`);
}

export class OpenLoopSchedule {
  readonly intervalMs: number;
  /** Sends in the whole schedule: every k with start + k·interval < end. */
  readonly total: number;
  readonly startMs: number;
  readonly endAt: number;
  readonly #maxInFlight: number;
  /** Sends made so far; they are made in order, so sends [issued, due) are the ones waiting. */
  #issued = 0;
  #inFlight = 0;
  /** Sends before this index were found waiting for a slot: missed (counted once). */
  #blockedUntil = 0;
  #missed = 0;
  #closed = false;
  /** The latest time the schedule was told (take, release, close): what `nextDueAt` counts from. */
  #lastNow = -Infinity;

  constructor(options: ScheduleOptions) {
    checkOpenLoopOptions(options);
    this.intervalMs = 1000 / options.ratePerSecond;
    this.startMs = options.startMs;
    this.endAt = options.startMs + options.durationS * 1000;
    // ceil less a hair: 200/s for 6 s is 1200 sends, not 1201 because 200 × 6 came out a rounding above.
    this.total = Math.max(0, Math.ceil(options.ratePerSecond * options.durationS - 1e-9));
    this.#maxInFlight = options.maxInFlight;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get missed(): number {
    return this.#missed;
  }

  /** Every send made (or dropped at close) has been answered. */
  get finished(): boolean {
    return (this.#closed || this.#issued === this.total) && this.#inFlight === 0;
  }

  /** Send k's intended time: start + k·interval, computed, never accumulated (no drift). */
  intendedAt(index: number): number {
    return this.startMs + index * this.intervalMs;
  }

  /** When the next send not yet due comes due; undefined when every send is due. */
  nextDueAt(): number | undefined {
    const due = this.#dueBy(this.#lastNow);
    return due < this.total ? this.intendedAt(due) : undefined;
  }

  /** Sends due by `now` and not yet made. */
  waiting(now: number): number {
    return this.#closed ? 0 : this.#dueBy(now) - this.#issued;
  }

  /** The sends to make now: every one due, as far as free slots go. */
  take(now: number): ScheduledSend[] {
    const sends: ScheduledSend[] = [];
    if (this.#closed) return sends;
    const due = this.#dueBy(now);
    while (this.#issued < due && this.#inFlight < this.#maxInFlight) sends.push(this.#issue(now));
    this.#countBlocked(due);
    return sends;
  }

  /** A response came (or the request failed): its slot goes to the oldest waiting send, if one is due. */
  release(now: number): ScheduledSend | undefined {
    if (this.#inFlight === 0) throw new RangeError('release with no send in flight');
    this.#inFlight--;
    if (this.#closed) return undefined;
    const due = this.#dueBy(now);
    const send = this.#issued < due ? this.#issue(now) : undefined;
    this.#countBlocked(due);
    return send;
  }

  /** The end: the sends still waiting are dropped (returned, missed); nothing more is taken. */
  close(now: number): ScheduledSend[] {
    if (this.#closed) return [];
    const due = this.#dueBy(now);
    this.#countBlocked(due);
    const dropped: ScheduledSend[] = [];
    for (let k = this.#issued; k < due; k++) dropped.push({ index: k, intendedAt: this.intendedAt(k), lateMs: now - this.intendedAt(k), missed: true });
    this.#closed = true;
    return dropped;
  }

  #dueBy(now: number): number {
    if (now > this.#lastNow) this.#lastNow = now;
    if (now < this.startMs) return 0;
    return Math.min(this.total, Math.floor((now - this.startMs) / this.intervalMs) + 1);
  }

  #issue(now: number): ScheduledSend {
    const index = this.#issued++;
    this.#inFlight++;
    const intendedAt = this.intendedAt(index);
    return { index, intendedAt, lateMs: Math.max(0, now - intendedAt), missed: index < this.#blockedUntil };
  }

  /** Sends due by now still waiting found every slot busy: missed, each counted the first time it is seen. */
  #countBlocked(due: number): void {
    if (this.#issued >= due || this.#blockedUntil >= due) return;
    this.#missed += due - Math.max(this.#issued, this.#blockedUntil);
    this.#blockedUntil = due;
  }
}
