// Where a `node --cpu-prof` profile spent its time: self time per function (and per file), highest first.
//   node dist/bench/cpu-profile-top.js <file.cpuprofile> [how many, default 25]

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, howMany = '25'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: cpu-profile-top.js <file.cpuprofile> [how many]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function add(into: Map<string, number>, key: string, us: number): void {
  into.set(key, (into.get(key) ?? 0) + us);
}
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url === '' ? '' : `${basename(url)}:${lineNumber + 1}`;
  add(byFunction, `${functionName || '(anonymous)'} ${where}`, us);
  add(byFile, url === '' ? `(${functionName})` : url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'node_modules/'), us);
}

const print = (title: string, table: Map<string, number>): void => {
  console.log(`${title} (self time, ${(total / 1e6).toFixed(2)} s sampled)`);
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, Number(howMany))) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
};
print('by function', byFunction);
print('by file', byFile);
