// The request scheduler, kept replaceable: the load plan says what to send and hears what came back;
// a driver decides when requests go out (closed loop now, open loop later).

export interface PreparedRequest<S> {
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Handed back with the response. */
  readonly state: S;
}

export interface LoadPlan<S> {
  /** Base URLs of the server under test: connections are spread over them round-robin. */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly durationS: number;
  /** Called just before each request is written: keep it cheap, it is the harness's ceiling. */
  prepare(): PreparedRequest<S>;
  /** Called with each response; headers' names as the server sent them. */
  complete(state: S, status: number, body: string, headers: Record<string, string | string[]>): void;
}

export interface DriverResult {
  /** Requests that got no response (connection errors), and those that timed out. */
  readonly errors: number;
  readonly timeouts: number;
  /** Stopped before its duration (the signal fired). */
  readonly stopped: boolean;
}

export interface LoadDriver {
  run<S>(plan: LoadPlan<S>, signal: AbortSignal): Promise<DriverResult>;
}
