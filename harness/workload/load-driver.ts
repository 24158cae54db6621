// The request scheduler, kept replaceable: the load plan says what to send and hears what came back;
// a driver decides when requests go out (closed loop: autocannon; open loop: open-loop-driver.ts).

export interface PreparedRequest<S> {
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Handed back with the response. */
  readonly state: S;
}

/** An open-loop send's timing, as the driver's schedule saw it. */
export interface SendTiming {
  /** How long after its intended send time the request goes out (ms, ≥ 0): latency counts from the intended time. */
  readonly lateMs: number;
  /** Every connection was busy when it came due: it waited for one (a missed send). */
  readonly missed: boolean;
}

export interface LoadPlan<S> {
  /** Base URLs of the server under test: connections are spread over them round-robin. */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly durationS: number;
  /**
   * Called just before each request is written: keep it cheap, it is the harness's ceiling. An open-loop driver
   * passes the send's timing; a closed-loop one passes nothing (the request is due now). `target`: the index in
   * `urls` of the server the request goes to, when the driver knows it.
   */
  prepare(timing?: SendTiming, target?: number): PreparedRequest<S>;
  /** Called with each response; headers' names as the server sent them. */
  complete(state: S, status: number, body: string, headers: Record<string, string | string[]>): void;
  /** Open loop: a send that came due but was never made (the load ended while it waited for a connection). */
  dropped?(timing: SendTiming): void;
}

export interface DriverResult {
  /** Requests that got no response (connection errors), and those that timed out. */
  readonly errors: number;
  readonly timeouts: number;
  /** Stopped before its duration (the signal fired). */
  readonly stopped: boolean;
  /** Open loop: sends that could not go out on time because every connection was busy (`unsent` included). */
  readonly missedSends?: number;
  /** Open loop: of those, sends still waiting when the load ended, never made. */
  readonly unsent?: number;
}

export interface LoadDriver {
  run<S>(plan: LoadPlan<S>, signal: AbortSignal): Promise<DriverResult>;
}
