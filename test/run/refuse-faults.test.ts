// A scenario's fault that its environment or its stack cannot perform is refused before load starts, exit 2,
// naming the step and why — never skipped during the run.

import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Environment } from '../../harness/contract/environment.js';
import type { FaultKind } from '../../harness/contract/faults.js';
import { parseImplSpec } from '../../harness/contract/impl-spec.js';
import { refuseFaults } from '../../harness/run/refuse-faults.js';
import type { RunCell } from '../../harness/run/run-plan.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';
import type { FaultStep, Scenario } from '../../harness/scenario/scenario.js';
import { runCli } from '../helpers/processes.js';

const ALL: FaultKind[] = ['pause-couchdb', 'restart-couchdb', 'cut-feed', 'stall-feed', 'restart-proxy', 'restart-implementation'];

/** Only what refuseFaults reads of an environment: its kind and its declared fault capabilities. */
function environmentThat(kinds: readonly FaultKind[], kind: Environment['kind'] = 'embedded'): Environment {
  return { kind, faults: { kinds: new Set(kinds), whyNot: (k: FaultKind) => `it does not ${k}` } } as unknown as Environment;
}

function cell(faults: FaultStep[], impl = 'reference', proxy = true, scenario: Partial<Scenario> = {}): RunCell {
  const base = loadScenario('faults');
  return {
    scenario: { ...base, ...scenario, faults },
    impl: parseImplSpec(impl),
    ...(proxy ? { proxy: { spec: { name: 'varnish', mode: 'revalidate', spec: 'varnish:revalidate' }, purgeBy: 'implementation', ttlS: 1 } } : {}),
    label: `faults × ${impl}`,
  } as RunCell;
}

const refusal = (t: Test, cells: RunCell[], environment: Environment): string | undefined => {
  try {
    refuseFaults(cells, environment);
    return undefined;
  } catch (error) {
    t.equal((error as { code?: string }).code, 'EB_ERR_UNSUPPORTED_FAULT');
    t.equal((error as { exitCode?: number }).exitCode, 2);
    return (error as Error).message;
  }
};

t.test('the built-in faults scenario passes where every kind can be performed', async (t) => {
  t.equal(refusal(t, [cell(loadScenario('faults').faults as FaultStep[])], environmentThat(ALL)), undefined);
});

t.test('a kind the environment cannot perform is refused with its reason', async (t) => {
  const message = refusal(t, [cell([{ atS: 1, kind: 'pause-couchdb', forS: 1 }])], environmentThat(['cut-feed'], 'external'));
  t.match(message, 'faults × reference: /faults/0 pause-couchdb at 1 s: --env external cannot: it does not pause-couchdb');
});

t.test('a step whose target the stack lacks is refused, each one named', async (t) => {
  const message = refusal(
    t,
    [
      cell([{ atS: 1, kind: 'restart-proxy' }], 'reference', false),
      cell([{ atS: 1, kind: 'restart-implementation', instance: 2 }]),
      cell(
        [
          { atS: 1, kind: 'restart-implementation' },
          { atS: 2, kind: 'cut-feed' },
        ],
        'url:http://127.0.0.1:19999',
      ),
    ],
    environmentThat(ALL),
  );
  t.match(message, /^4 faults cannot be performed here: /);
  t.match(message, '/faults/0 restart-proxy at 1 s: no caching proxy in this run');
  t.match(message, '/faults/0 restart-implementation at 1 s: no instance 2 (1 running)');
  t.match(message, '/faults/0 restart-implementation at 1 s: a url: implementation is not a process the harness started');
  t.match(message, '/faults/1 cut-feed at 2 s: a url: implementation reaches CouchDB on its own');
});

t.test('a step the shortened window no longer holds is refused, not left unrun', async (t) => {
  const message = refusal(t, [cell([{ atS: 3, kind: 'stall-feed', forS: 1 }], 'reference', true, { durationS: 2 })], environmentThat(ALL));
  t.match(message, '/faults/0 stall-feed at 3 s: it ends at 4 s, after the measured window (2 s)');
});

t.test('end to end: refused before any load, exit 2, no results written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-refuse-'));
  const out = join(dir, 'out');
  // The built-in faults scenario, its window cut to 2 s by --duration: its steps at 3 s and later cannot happen.
  const shortened = await runCli(['run', '--env', 'embedded', '-s', 'faults', '-i', 'reference', '-d', '2', '--no-conformance', '--quiet', '-o', out]);
  t.equal(shortened.code, 2, `exit 2 (${shortened.stderr})`);
  t.match(shortened.stderr, /^etag-bench: \d+ faults cannot be performed here: faults × reference behind varnish:revalidate: \/faults\/0 /m);
  t.notMatch(shortened.stderr, /\n\s+at .*\.js:\d+/, 'no stack trace');
  t.notOk(existsSync(join(out, 'results.json')), 'nothing measured, nothing written');

  const scenario = join(dir, 'restart-url.json');
  writeFileSync(
    scenario,
    JSON.stringify({
      name: 'restart-url',
      description: 'a url: implementation cannot be restarted',
      documents: { count: 10, groups: 2 },
      durationS: 3,
      readers: { connections: 1, clients: 2 },
      writers: { ratePerSecond: 1 },
      faults: [{ atS: 1, kind: 'restart-implementation' }],
    }),
  );
  const url = await runCli(['run', '--env', 'embedded', '-s', scenario, '-i', 'url:http://127.0.0.1:19999', '--no-conformance', '--quiet', '-o', out]);
  t.equal(url.code, 2, `exit 2 (${url.stderr})`);
  t.match(
    url.stderr,
    'restart-url × url:http://127.0.0.1:19999: /faults/0 restart-implementation at 1 s: a url: implementation is not a process the harness started',
  );
});

t.test('an image: implementation cannot be restarted (no supervisor in its container); its feed can be cut', async (t) => {
  const environment = environmentThat(ALL, 'containers');
  const message = refusal(t, [cell([{ atS: 1, kind: 'restart-implementation' }], 'image:my-app:1')], environment);
  t.match(
    message,
    /faults × image:my-app:1: \/faults\/0 restart-implementation at 1 s: an image: implementation runs its image's own command, with no supervisor/,
  );
  t.equal(refusal(t, [cell([{ atS: 1, kind: 'cut-feed', forS: 1 }], 'image:my-app:1')], environment), undefined, 'its feed passes through the harness');
});
