// A CPU profile of one phase of a bench's own process (node:inspector), written as <dir>/<name>.cpuprofile
// when `dir` is set: what `node --cpu-prof` gives for a whole process, for the part being compared only.
// Read it with `node dist/bench/cpu-profile-top.js <file>` or Chrome DevTools.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

function post<T>(session: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

export async function profiled<T>(dir: string | undefined, name: string, phase: () => Promise<T>): Promise<T> {
  if (dir === undefined || dir === '') return phase();
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
    const result = await phase();
    const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`cpu profile: ${file}`);
    return result;
  } finally {
    session.disconnect();
  }
}
