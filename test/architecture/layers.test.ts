// The import graph's direction rule (docs/architecture.md, "Layers"): every import of the package's own code
// goes down the floors, never up or sideways, and the system under test shares no code with its judge. Read from
// the sources with TypeScript's own pre-processor, so a dynamic import() counts like a static one.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import t from 'tap';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Floors, highest first; a file may import only from lower floors (or its own folder). */
const FLOORS: readonly (readonly string[])[] = [
  ['harness/cli'],
  ['harness/run', 'harness/kubernetes'],
  ['harness/conformance'],
  ['harness/environment'],
  ['harness/proxies', 'harness/faults', 'harness/workload'],
  ['harness/implementations'],
  ['harness/contract'],
  ['harness/scenario'],
  ['harness/metrics', 'harness/couchdb-compatible'],
  ['harness/oracle'],
  ['harness/results'],
  ['harness/optional-peers.ts'],
  ['harness/lifecycle.ts'],
  ['harness/errors.ts', 'harness/redact.ts', 'harness/package-info.ts', 'harness/stop-child.ts', 'harness/child-processes.ts', 'harness/fetch-failure.ts'],
  ['protocol'],
];

/** The only harness files that may import the reference server: they start it, or name what they start. */
const STARTS_THE_REFERENCE = new Set(['harness/contract/impl-spec.ts', 'harness/cli/commands/serve.ts', 'harness/cli/commands/invalidator.ts']);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project files a source imports (relative specifiers only: packages are not layers). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(ROOT, resolve(dirname(join(ROOT, file)), name)).replace(/\.js$/, '.ts'));
}

/** The floor of a file, 0 the highest; undefined outside the floors (reports, reference-server, bench). */
function floorOf(file: string): { floor: number; room: string } | undefined {
  for (const [floor, rooms] of FLOORS.entries()) {
    for (const room of rooms) if (file === room || file.startsWith(`${room}/`)) return { floor, room };
  }
  return undefined;
}

const top = (file: string): string => file.split('/')[0]!;

t.test('the rule can fail: an upward import and a sideways one are caught', async (t) => {
  t.ok(violation('harness/oracle/judge.ts', 'harness/run/run-plan.ts'), 'oracle → run is upward');
  t.ok(violation('harness/proxies/proxy-front.ts', 'harness/faults/fault-schedule.ts'), 'proxies → faults is sideways');
  t.ok(violation('reference-server/server.ts', 'harness/errors.ts'), 'the reference server imports no harness code');
  t.ok(violation('reports/html/report-page.ts', 'harness/run/run-plan.ts'), 'reports read results only');
  t.notOk(violation('harness/run/run-plan.ts', 'harness/contract/impl-spec.ts'), 'run → contract is downward');
});

t.test('every import in the package goes down the floors', async (t) => {
  const files = ['harness', 'reference-server', 'protocol', 'reports'].flatMap(sources);
  t.ok(files.length > 150, `read ${files.length} sources`);
  const found = files.flatMap((file) => importsOf(file).flatMap((target) => violation(file, target) ?? []));
  t.same(found, [], 'no import runs up a floor, sideways, or across the system-under-test line');
});

function violation(file: string, target: string): string | undefined {
  const from = top(file);
  const to = top(target);
  if (from === 'reference-server')
    return to === 'reference-server' || to === 'protocol' ? undefined : `${file} → ${target}: the reference server imports only protocol/`;
  if (from === 'protocol') return to === 'protocol' ? undefined : `${file} → ${target}: protocol/ imports nothing of the package`;
  if (from === 'reports')
    return to === 'reports' || target.startsWith('harness/results/') || target === 'harness/errors.ts'
      ? undefined
      : `${file} → ${target}: reports read harness/results only (and raise harness/errors.ts's errors)`;
  if (from !== 'harness') return undefined;
  if (to === 'reference-server') return STARTS_THE_REFERENCE.has(file) ? undefined : `${file} → ${target}: only what starts the reference server imports it`;
  if (to === 'reports') return file.startsWith('harness/cli/') ? undefined : `${file} → ${target}: only the CLI writes reports`;
  const a = floorOf(file);
  const b = floorOf(target);
  if (a === undefined || b === undefined) return b === undefined && to === 'protocol' ? undefined : `${file} → ${target}: not on a floor of the rule`;
  if (a.room === b.room) return undefined;
  if (b.floor > a.floor) return undefined;
  return `${file} (${a.room}) → ${target} (${b.room}): ${b.floor === a.floor ? 'sideways' : 'upward'}`;
}
