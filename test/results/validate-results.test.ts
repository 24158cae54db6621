import t from 'tap';
import { decodeHistogram } from '../../harness/results/latency-histogram.js';
import { InvalidResultsError } from '../../harness/errors.js';
import { checkResults, validateResults } from '../../harness/results/validate-results.js';
import { emptyRun } from '../../harness/run/empty-run.js';
import type { Scenario } from '../../harness/scenario/scenario.js';
import { smokeJson } from '../fixtures/results-smoke.js';

const errorsOf = (value: unknown): string[] => {
  const validation = validateResults(value);
  if (validation.ok) throw new Error('expected the value to be rejected');
  if (validation.kind !== 'invalid') throw new Error(`expected invalid fields, got a ${validation.kind} file: ${validation.errors.join('; ')}`);
  return validation.errors;
};

t.test('the smoke fixture is valid results', async (t) => {
  const validation = validateResults(smokeJson());
  t.ok(validation.ok, validation.ok ? 'valid' : validation.errors.join('; '));
  if (validation.ok) t.equal(validation.results.runs.length, 2);
});

t.test('the per-run series are optional: files written before them stay valid', async (t) => {
  const value = smokeJson();
  for (const run of value.runs) {
    t.ok('timeline' in run && 'events' in run && 'lagHistogram' in run && 'staleAgeHistograms' in run, `${String(run.impl)} has them`);
    delete run.timeline;
    delete run.events;
    delete run.lagHistogram;
    delete run.staleAgeHistograms;
  }
  const validation = validateResults(value);
  t.ok(validation.ok, validation.ok ? 'valid without them' : validation.errors.join('; '));
});

t.test("the smoke fixture's timelines add up to its totals", async (t) => {
  const sum = (series: unknown): number => (series as number[]).reduce((a, b) => a + b, 0);
  for (const run of smokeJson().runs) {
    const timeline = run.timeline as Record<string, unknown>;
    const classes = run.classes as Record<string, number>;
    const writes = run.writes as Record<string, number>;
    t.equal((timeline.responses as unknown[]).length, run.durationS, `${String(run.impl)}: one bucket per second`);
    t.equal(sum(timeline.responses), run.requests, `${String(run.impl)}: responses`);
    t.equal(sum(timeline.conditional), run.conditionalRequests, `${String(run.impl)}: conditional`);
    t.equal(sum(timeline.hits) / sum(timeline.conditional), run.hitRate, `${String(run.impl)}: hit rate`);
    t.equal(sum(timeline.stale), classes.stale200! + classes.stale304!, `${String(run.impl)}: stale`);
    t.equal(sum(timeline.errors), run.errors, `${String(run.impl)}: errors`);
    t.ok(sum(timeline.writes) <= writes.app! + writes.couch!, `${String(run.impl)}: the window's writes, of all the run's (warm-up included)`);
  }
});

t.test('the per-run series are checked when present', async (t) => {
  const count = smokeJson();
  (count.runs[0]!.timeline as Record<string, unknown[]>).responses![0] = null;
  t.same(errorsOf(count), ['/runs/0/timeline/responses/0 must be number']);

  const gap = smokeJson();
  (gap.runs[0]!.timeline as Record<string, unknown[]>).latencyP99Ms![0] = null;
  t.ok(validateResults(gap).ok, 'a bucket without responses has null percentiles');

  const timelineKey = smokeJson();
  (timelineKey.runs[1]!.timeline as Record<string, unknown>).stale200 = [];
  t.same(errorsOf(timelineKey), ['/runs/1/timeline must NOT have additional properties: stale200']);

  const missing = smokeJson();
  delete (missing.runs[1]!.timeline as Record<string, unknown>).writes;
  t.same(errorsOf(missing), ["/runs/1/timeline must have required property 'writes'"]);

  const event = smokeJson();
  event.runs[0]!.events = [{ atMs: 1500, kind: 'fault', label: 'couchdb paused' }];
  t.ok(validateResults(event).ok, 'an event mark');
  event.runs[0]!.events = [{ atMs: 1500, kind: 'fault' }];
  t.same(errorsOf(event), ["/runs/0/events/0 must have required property 'label'"]);

  const ages = smokeJson();
  (ages.runs[1]!.staleAgeHistograms as Record<string, unknown>)['502'] = '';
  ages.runs[1]!.lagHistogram = 12;
  t.same(errorsOf(ages), ['/runs/1/lagHistogram must be string', '/runs/1/staleAgeHistograms must NOT have additional properties: 502']);
});

t.test('a run that could not take place has the series too, empty', async (t) => {
  const run = emptyRun({ name: 'smoke', warmupS: 1 } as Scenario, 'cmd:false', 'exited with code 1');
  const value = smokeJson();
  value.runs = [run as unknown as Record<string, unknown>];
  const validation = validateResults(value);
  t.ok(validation.ok, validation.ok ? 'valid' : validation.errors.join('; '));
  t.same(run.timeline?.responses, [], 'no window, no buckets');
  t.same(run.events, []);
  t.equal(decodeHistogram(run.lagHistogram!).totalCount, 0);
  t.equal(decodeHistogram(run.staleAgeHistograms!['304']!).totalCount, 0);
});

t.test('a missing required field is named with its path', async (t) => {
  const value = smokeJson();
  delete value.runs[0]!.hitRate;
  t.same(errorsOf(value), ["/runs/0 must have required property 'hitRate'"]);

  const top = smokeJson();
  delete top.environment;
  t.same(errorsOf(top), ["(root) must have required property 'environment'"]);
});

t.test('a wrong type is named with its path', async (t) => {
  const value = smokeJson();
  value.runs[0]!.hitRate = '80%';
  t.same(errorsOf(value), ['/runs/0/hitRate must be number']);

  const nested = smokeJson();
  (nested.runs[1]!.latencyMs as Record<string, Record<string, unknown>>)['304']!.p99 = null;
  t.same(errorsOf(nested), ['/runs/1/latencyMs/304/p99 must be number']);

  const status = smokeJson();
  (status.runs[0]!.status as Record<string, unknown>)['200'] = '1000';
  t.same(errorsOf(status), ['/runs/0/status/200 must be number']);
});

t.test('null is accepted only where the contract allows it', async (t) => {
  const value = smokeJson();
  value.runs[0]!.couchRequests = null;
  (value.environment as Record<string, unknown>).harnessCeilingRps = null;
  (value.runs[0]!.thresholds as Array<Record<string, unknown>>)[0]!.value = null;
  t.ok(validateResults(value).ok, 'couchRequests, harnessCeilingRps and a threshold value may be null');

  const optional = smokeJson();
  optional.runs[0]!.failure = null;
  (optional.environment as Record<string, unknown>).loadGenerator = null;
  t.same(errorsOf(optional), ['/environment/loadGenerator must be string', '/runs/0/failure must be string'], 'an optional key is absent, never null');

  const bad = smokeJson();
  bad.runs[0]!.invalidationLagMs = null;
  t.same(errorsOf(bad), ['/runs/0/invalidationLagMs must be object']);

  const age = smokeJson();
  (age.runs[1]!.staleAgeMs as Record<string, unknown>)['304'] = { p50: 1 };
  t.match(errorsOf(age), [/^\/runs\/1\/staleAgeMs\/304 must have required property 'p90'$/]);
});

t.test('an unknown key in a run is named', async (t) => {
  const value = smokeJson();
  value.runs[1]!.hitrate = 0.5;
  t.same(errorsOf(value), ['/runs/1 must NOT have additional properties: hitrate']);

  const classes = smokeJson();
  (classes.runs[0]!.classes as Record<string, unknown>).stale = 1;
  t.same(errorsOf(classes), ['/runs/0/classes must NOT have additional properties: stale']);
});

t.test('free-key maps accept any key', async (t) => {
  const value = smokeJson();
  const run = value.runs[0]!;
  (run.status as Record<string, number>)['599'] = 1;
  (run.errorReasons as Record<string, number>)['no response'] = 1;
  (run.histograms as Record<string, string>)['502'] = (run.histograms as Record<string, string>)['200']!;
  ((run.couchRequests as Record<string, unknown>).byRoute as Record<string, number>)['POST /{db}/_bulk_get'] = 3;
  (value.environment as Record<string, Record<string, string>>).proxyVersions!.varnish = '7.6.1';
  t.ok(validateResults(value).ok);
});

t.test('a value outside the closed sets is named with the allowed values', async (t) => {
  const kind = smokeJson();
  (kind.environment as Record<string, unknown>).kind = 'docker';
  t.same(errorsOf(kind), ['/environment/kind must be equal to one of the allowed values: "embedded", "external", "containers"']);
});

t.test('every error is listed, not only the first', async (t) => {
  const value = smokeJson();
  value.runs[0]!.requests = 'many';
  value.runs[1]!.partial = 'no';
  t.same(errorsOf(value), ['/runs/0/requests must be number', '/runs/1/partial must be boolean']);
});

t.test('checkResults: the results, or one typed error naming the source and the first few problems', async (t) => {
  t.same(checkResults(smokeJson(), 'smoke.json'), smokeJson(), 'valid results come back as they are');

  const value = smokeJson();
  for (const run of value.runs) {
    run.requests = 'many';
    run.partial = 'no';
  }
  const error = t.throws(() => checkResults(value, 'runs/a.json')) as InvalidResultsError;
  t.ok(error instanceof InvalidResultsError);
  t.match(error, { code: 'EB_ERR_INVALID_RESULTS', name: 'InvalidResultsError', exitCode: 2, source: 'runs/a.json', kind: 'invalid', stage: 'read' });
  t.equal(error.problems.length, 4, 'every problem kept in the error');
  t.equal(error.message, 'runs/a.json: /runs/0/partial must be boolean; /runs/0/requests must be number; /runs/1/partial must be boolean; and 1 more');
  t.notMatch(error.message, /\n/, 'one line');

  const written = t.throws(() => checkResults(value, 'out/results.json', 'write')) as InvalidResultsError;
  t.match(written, { code: 'EB_ERR_INVALID_RESULTS', exitCode: 1, stage: 'write' }, 'results etag-bench built wrong are its bug: exit 1');
  t.match(written.message, /^out\/results\.json not written: .*a bug in etag-bench, please report it\): \/runs\/0\/partial must be boolean;/);
});
