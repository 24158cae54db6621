import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import t from 'tap';
import { PACKAGE_ROOT } from '../../harness/package-info.js';
import { RESULTS_SCHEMA_PATH, WRITE_SCHEMA_COMMAND, resultsSchemaText } from '../../harness/results/schema-file.js';
import { smokeJson } from '../fixtures/results-smoke.js';

t.test('schemas/results.schema.json is the schema of harness/results/results-schema.ts', async (t) => {
  const same = readFileSync(RESULTS_SCHEMA_PATH, 'utf8') === resultsSchemaText();
  t.ok(
    same,
    same
      ? 'the committed file is the generated one'
      : `schemas/results.schema.json differs from the schema in harness/results/results-schema.ts: regenerate it with \`${WRITE_SCHEMA_COMMAND}\` and commit it`,
  );
});

t.test('it ships in the package', async (t) => {
  const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { files: string[] };
  t.ok(pkg.files.includes('schemas'), 'package.json "files" lists schemas/');
});

t.test('the file alone is enough for another tool to check results', async (t) => {
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as object);
  t.ok(validate(smokeJson()), JSON.stringify(validate.errors));
  const old = smokeJson();
  delete old.schemaVersion;
  t.notOk(validate(old), 'a file without schemaVersion is refused by the file too');
});
