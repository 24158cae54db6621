// How a scenario's read load is split over N load agents, each its own event loop: connections, virtual clients,
// and the open loop's arrival rate and in-flight bound. Pure and deterministic: agent i always gets the same share,
// no connection or client is in two shares, and the shares add up to the whole.

import type { LoadMode, Scenario } from '../../scenario/scenario.js';

export interface LoadShare {
  readonly agent: number;
  readonly connections: number;
  /** Virtual clients [first, first + count): a client's cache lives in one agent only. */
  readonly clients: { readonly first: number; readonly count: number };
  readonly load: LoadMode;
  /** The agent's own random stream (pages and clients drawn independently of the others). */
  readonly seed: number;
}

/** `total` split into `parts` whole numbers that differ by at most one, larger ones first. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const rest = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < rest ? 1 : 0));
}

/** Refused (RangeError) when there are fewer connections or clients than agents: an agent with none would idle. */
/** Seed strides: agents within a machine, and shards across machines, draw on streams that never coincide. */
export const AGENT_STRIDE = 0x9e3779b1;
export const SHARD_STRIDE = 0x85ebca6b;

export function loadShares(input: {
  readonly agents: number;
  readonly connections: number;
  readonly clients: number;
  /** Default AGENT_STRIDE. */
  readonly stride?: number;
  readonly load: LoadMode;
  readonly seed: number;
}): LoadShare[] {
  const { agents, load } = input;
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError(`agents must be a whole number ≥ 1, not ${agents}`);
  const connectionsEach = load.mode === 'open' ? splitEvenly(load.maxInFlight, agents) : splitEvenly(input.connections, agents);
  if (connectionsEach.some((n) => n === 0)) {
    throw new RangeError(`${agents} agents need at least ${agents} ${load.mode === 'open' ? 'requests in flight (maxInFlight)' : 'connections'}`);
  }
  const clientsEach = splitEvenly(input.clients, agents);
  if (clientsEach.some((n) => n === 0)) throw new RangeError(`${agents} agents need at least ${agents} virtual clients`);
  let first = 0;
  return clientsEach.map((count, agent) => {
    const share: LoadShare = {
      agent,
      connections: connectionsEach[agent]!,
      clients: { first, count },
      load: load.mode === 'open' ? { mode: 'open', ratePerSecond: load.ratePerSecond / agents, maxInFlight: connectionsEach[agent]! } : load,
      // One agent keeps the scenario's own seed: --agents 1 draws exactly what the single loop drew.
      seed: agent === 0 ? input.seed : (input.seed + Math.imul(agent, input.stride ?? AGENT_STRIDE)) >>> 0,
    };
    first += count;
    return share;
  });
}

/** The whole read load as one share: what one event loop sends when nothing is split. */
export function wholeShare(scenario: Scenario): LoadShare {
  const { readers, load, seed } = scenario;
  return { agent: 0, connections: readers.connections, clients: { first: 0, count: readers.clients }, load, seed };
}
