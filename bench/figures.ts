// How the benches print: aligned figures, ratios to two decimals, and each goal said met or missed in words
// (printed, never asserted: these machines are shared and noisy).

import { cpus, totalmem } from 'node:os';

/** 1234567 → "1,234,567" (whole numbers). */
export const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

export const ms = (n: number): string => `${n.toFixed(3)} ms`;

export const ratio = (a: number, b: number): string => `×${(a / b).toFixed(2)}`;

/** `goal ≥ 0.9×: met` — the verdict of one figure against its goal. */
export function goal(text: string, met: boolean): string {
  return `goal ${text}: ${met ? 'met' : 'MISSED'}`;
}

/** A table row: a label, then right-aligned cells. */
export function row(label: string, cells: readonly string[], labelWidth = 24, cellWidth = 12): string {
  return `  ${label.padEnd(labelWidth)}${cells.map((c) => c.padStart(cellWidth)).join('')}`;
}

/** A load's server CPU per request, `12.3 µs`, or `n/a` without /proc. */
export const cpu = (figures: { readonly serverCpuUs?: number }): string => (figures.serverCpuUs === undefined ? 'n/a' : `${figures.serverCpuUs.toFixed(1)} µs`);

/** baseline CPU per request / measured CPU per request: the throughput ratio a CPU-bound server would show. */
export function cpuRatioOf(baseline: { readonly serverCpuUs?: number }, measured: { readonly serverCpuUs?: number }): number | undefined {
  return baseline.serverCpuUs === undefined || measured.serverCpuUs === undefined ? undefined : baseline.serverCpuUs / measured.serverCpuUs;
}

/** One line per compared target: req/s, median p50/p99 of the rounds, server CPU per request, unexpected answers. */
export function printCompared(
  list: readonly { name: string; rps: number; p50Ms?: number; p99Ms?: number; serverCpuUs?: number; unexpected: number }[],
  unexpectedLabel: string,
): void {
  console.log(row('', ['req/s', 'p50/p99 ms', 'server CPU', unexpectedLabel]));
  for (const c of list) {
    console.log(row(c.name, [whole(c.rps), c.p50Ms === undefined ? '' : `${c.p50Ms}/${c.p99Ms}`, cpu(c), String(c.unexpected)]));
  }
}

/** The machine a figure came from, for the README: CPU, cores, memory, Node. */
export function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}
