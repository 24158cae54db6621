// Closed-loop loads compared in one run: autocannon, fixed connections, each target warmed up for a second,
// then short rounds taken in turn (A B, B A, A B, …) so that a machine whose speed drifts during the run
// (a shared VM does) moves every target alike. A ratio is the median of the rounds' ratios.

import autocannon from 'autocannon';
import { withoutCredentials } from '../harness/environment/couch-auth.js';
import { withCpu } from './process-cpu.js';

export const CONNECTIONS = 10;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
export const ROUND_S = Number(process.env.BENCH_ROUND_S ?? 2);

export interface Target {
  readonly name: string;
  /** Runs one round of `durationS` seconds; returns what was answered. */
  run(durationS: number): Promise<Round>;
  /** The processes that serve it (their CPU per request is reported); none for a load-generator comparison. */
  readonly serverPids?: readonly number[];
}

export interface Round {
  readonly requests: number;
  readonly durationS: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Answers other than the expected status, errors included. */
  readonly unexpected?: number;
}

export interface Compared {
  readonly name: string;
  /** Requests per second of each round. */
  readonly rounds: number[];
  /** All requests over all rounds' time. */
  readonly rps: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly unexpected: number;
  /** CPU the server's processes used per request (µs); undefined without /proc or pids. */
  readonly serverCpuUs?: number;
}

/** A target loaded by autocannon with fixed headers, expecting one status. */
export function autocannonTarget(name: string, url: string, expected: number, serverPids: readonly number[], headers: Record<string, string> = {}): Target {
  return {
    name,
    serverPids,
    async run(durationS) {
      // A real CouchDB's URL carries its admin: sent as a header, as fetch would.
      const plain = withoutCredentials(url);
      const result = await autocannon({ url: plain.url, connections: CONNECTIONS, duration: durationS, headers: { ...plain.headers, ...headers } });
      let unexpected = result.errors;
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) if (Number(code) !== expected) unexpected += stat.count ?? 0;
      return { requests: result.requests.total, durationS: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, unexpected };
    },
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function compare(targets: readonly Target[], rounds = ROUNDS, roundS = ROUND_S): Promise<Compared[]> {
  for (const target of targets) await target.run(1);
  const runs = targets.map(() => ({ rounds: [] as Round[], cpuS: 0 as number | undefined }));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? targets.map((_, i) => i) : targets.map((_, i) => targets.length - 1 - i);
    for (const i of order) {
      const target = targets[i]!;
      const { result, cpuS } = await withCpu(target.serverPids ?? [], () => target.run(roundS));
      runs[i]!.rounds.push(result);
      const sum = runs[i]!.cpuS;
      runs[i]!.cpuS = sum === undefined || cpuS === undefined ? undefined : sum + cpuS;
    }
  }
  return targets.map((target, i) => {
    const done = runs[i]!.rounds;
    const requests = done.reduce((n, round) => n + round.requests, 0);
    const seconds = done.reduce((n, round) => n + round.durationS, 0);
    const cpuS = runs[i]!.cpuS;
    const p50 = done.flatMap((round) => (round.p50Ms === undefined ? [] : [round.p50Ms]));
    const p99 = done.flatMap((round) => (round.p99Ms === undefined ? [] : [round.p99Ms]));
    return {
      name: target.name,
      rounds: done.map((round) => round.requests / round.durationS),
      rps: requests / seconds,
      ...(p50.length > 0 ? { p50Ms: median(p50), p99Ms: median(p99) } : {}),
      unexpected: done.reduce((n, round) => n + (round.unexpected ?? 0), 0),
      ...(target.serverPids?.length && cpuS !== undefined ? { serverCpuUs: (cpuS * 1e6) / requests } : {}),
    };
  });
}

/** The median over rounds of a's throughput / b's (rounds taken side by side). */
export function medianRatio(a: Compared, b: Compared): number {
  return median(a.rounds.map((rps, i) => rps / b.rounds[i]!));
}
