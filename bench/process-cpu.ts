// CPU time a process used (Linux /proc), so that a bench can say what a request cost the server in CPU as
// well as in throughput: CPU per request holds up when other work shares the machine, req/s does not.

import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ, 100 on Linux

/** User + system CPU seconds of a process so far; undefined where /proc is unavailable. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Processes started by this one whose command line contains `match` (e.g. the embedded CouchDB). */
export function childPids(match: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(match)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Runs `phase` and returns its result with the CPU seconds each of `pids` used meanwhile (summed). */
export async function withCpu<T>(pids: readonly number[], phase: () => Promise<T>): Promise<{ result: T; cpuS: number | undefined }> {
  const before = pids.map(cpuSeconds);
  const result = await phase();
  const after = pids.map(cpuSeconds);
  let cpuS: number | undefined = 0;
  pids.forEach((_, i) => {
    const a = before[i];
    const b = after[i];
    cpuS = a === undefined || b === undefined || cpuS === undefined ? undefined : cpuS + (b - a);
  });
  return { result, cpuS };
}
