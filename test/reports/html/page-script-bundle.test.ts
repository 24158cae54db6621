// The page script is read from the bundle `npm run build` writes; without it no report is written, and the error
// says what to do.

import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { PAGE_SCRIPT_PATH, readPageScript } from '../../../reports/html/page-script-bundle.js';
import type * as WriteReport from '../../../reports/html/write-report.js';
import { smokeResults } from '../../fixtures/results-smoke.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

t.test('the bundle is the one under dist/, built', async (t) => {
  t.equal(PAGE_SCRIPT_PATH, join(PACKAGE_ROOT, 'dist', 'reports', 'browser', 'page-script.js'));
  t.match(readPageScript(), 'Chart.js v4', 'chart.js is in it');
});

t.test('a missing bundle is an error that names the file and the fix', async (t) => {
  const missing = join(t.testdir({}), 'page-script.js');
  t.throws(() => readPageScript(missing), {
    name: 'PageScriptNotBuiltError',
    code: 'EB_ERR_PAGE_SCRIPT_NOT_BUILT',
    path: missing,
    message: `report.html needs its page script, not found at ${missing}: run \`npm run build\` in the project first`,
    cause: { code: 'ENOENT' },
  });
});

t.test('a </script> in the bundle cannot end the element', async (t) => {
  const path = join(t.testdir({}), 'page-script.js');
  writeFileSync(path, 'const end = "</script>"; // </SCRIPT\n');
  t.equal(readPageScript(path), 'const end = "<\\/script>"; // <\\/SCRIPT\n');
});

t.test('built by tsc alone, without the bundle, writeReport fails and writes nothing', async (t) => {
  // A copy of the package as `tsc -p tsconfig.json` leaves it: dist/ without dist/reports/browser/.
  const root = t.testdir({});
  for (const part of ['package.json', 'schemas']) cpSync(join(PACKAGE_ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'dist'));
  for (const part of ['harness', 'reports']) {
    cpSync(join(PACKAGE_ROOT, 'dist', part), join(root, 'dist', part), {
      recursive: true,
      filter: (source) => !source.endsWith('.map') && !source.includes(`${sep}reports${sep}browser`),
    });
  }
  const { writeReport } = (await import(pathToFileURL(join(root, 'dist', 'reports', 'html', 'write-report.js')).href)) as typeof WriteReport;
  const out = join(root, 'out');
  const bundle = join(root, 'dist', 'reports', 'browser', 'page-script.js');
  await t.rejects(writeReport(out, smokeResults()), {
    code: 'EB_ERR_PAGE_SCRIPT_NOT_BUILT',
    message: `report.html needs its page script, not found at ${bundle}: run \`npm run build\` in the project first`,
  });
  await t.rejects(readdir(out), { code: 'ENOENT' }, 'no report.html without its charts, and no results.json or summary.md beside it');
});
