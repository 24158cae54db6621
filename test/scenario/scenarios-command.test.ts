import t from 'tap';
import { scenariosCommand } from '../../harness/cli/commands/scenarios.js';
import { builtInScenarioFile, builtInScenarios, loadScenario } from '../../harness/scenario/load-scenario.js';
import { formatScenarioList, listScenarios } from '../../harness/scenario/list-scenarios.js';

async function scenarios(...args: string[]): Promise<string> {
  let out = '';
  const command = scenariosCommand()
    .configureOutput({ writeOut: (text) => (out += text), writeErr: () => {} })
    .exitOverride();
  await command.parseAsync(['node', 'etag-bench', ...args]);
  return out;
}

t.test('lists every built-in, one line each: the name padded to a column, then its description', async (t) => {
  const out = await scenarios();
  const lines = out.trimEnd().split('\n');
  const names = builtInScenarios();
  t.equal(lines.length, names.length, 'one line per scenario');
  const width = Math.max(...names.map((name) => name.length));
  names.forEach((name, i) => {
    t.equal(lines[i], `${name.padEnd(width)}  ${loadScenario(name).description}`, name);
  });
  t.match(out, /^read-heavy +95 % conditional reads/m);
  t.match(out, /^scale +100,000 documents/m);
});

t.test('--json prints name, description and file for each', async (t) => {
  const listing = JSON.parse(await scenarios('--json')) as { name: string; description: string; file: string }[];
  t.same(
    listing.map((entry) => entry.name),
    builtInScenarios(),
  );
  for (const entry of listing) {
    t.same(entry, { name: entry.name, description: loadScenario(entry.name).description, file: builtInScenarioFile(entry.name) }, entry.name);
    t.match(entry.file, /\/scenarios\/[a-z-]+\.json$/);
  }
});

t.test('the listing format stands alone', async (t) => {
  t.equal(formatScenarioList([]), '');
  t.equal(
    formatScenarioList([
      { name: 'a', description: 'first', file: '/a.json' },
      { name: 'long-name', description: 'second', file: '/b.json' },
    ]),
    'a          first\nlong-name  second\n',
  );
  t.equal(listScenarios().length, builtInScenarios().length);
});

t.test('an unknown option is a usage error', async (t) => {
  await t.rejects(scenarios('--verbose'), { code: 'commander.unknownOption' });
});
