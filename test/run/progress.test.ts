// What `run` shows while it works: a line rewritten in place on a terminal, one line per run elsewhere (CI logs).

import t from 'tap';
import { ProgressLog } from '../../harness/run/progress.js';
import type { RunResult } from '../../harness/results/types.js';
import { smokeResults } from '../fixtures/results-smoke.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = { isTTY, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

const run: RunResult = smokeResults().runs[0]!;

t.test('on a terminal: a live line with a bar, the current rate and the writes, rewritten in place', async (t) => {
  const { stream, text } = fakeStream(true);
  const log = new ProgressLog(stream, false);
  log.starting('smoke × reference');
  log.progress('smoke × reference', { elapsedS: 1, totalS: 4, responses: 1000, writes: 20 });
  log.progress('smoke × reference', { elapsedS: 2, totalS: 4, responses: 3500, writes: 41 });
  const lines = text().split('\r\x1b[2K');
  const last = lines.at(-1)!;
  t.match(last, /smoke × reference/);
  t.match(last, /\[#{10}-{10}\]/, `a bar at half way: ${last}`);
  t.match(last, /2\/4 s/, 'elapsed of total');
  t.match(last, /2500\/s/, 'the rate of the last second, not the average since the start');
  t.match(last, /3500 responses/);
  t.match(last, /41 writes/);
  t.notMatch(text(), /\n/, 'nothing scrolls while it runs');
  log.done('smoke × reference', run);
  t.match(text(), /\r\x1b\[2Ksmoke × reference: \d+ requests, hit rate .*\n$/, 'the summary replaces the live line');
});

t.test('not a terminal (CI): a line when the load runs and one when it is done, no control characters', async (t) => {
  const { stream, text } = fakeStream(false);
  const log = new ProgressLog(stream, false);
  log.starting('smoke × seed');
  log.progress('smoke × seed', { elapsedS: 1, totalS: 4, responses: 1000, writes: 20 });
  log.progress('smoke × seed', { elapsedS: 2, totalS: 4, responses: 2000, writes: 40 });
  log.done('smoke × seed', run);
  const lines = text()
    .split('\n')
    .filter((l) => l !== '');
  t.equal(lines.length, 2, 'two lines, whatever the number of ticks');
  t.match(lines[0], /^smoke × seed: load running \(4 s\)$/);
  t.match(lines[1], /^smoke × seed: \d+ requests/);
  t.notMatch(text(), /[\r\x1b]/, 'no carriage returns or escapes');
});

t.test('--quiet: nothing at all', async (t) => {
  for (const isTTY of [true, false]) {
    const { stream, text } = fakeStream(isTTY);
    const log = new ProgressLog(stream, true);
    log.starting('x');
    log.progress('x', { elapsedS: 1, totalS: 2, responses: 1, writes: 0 });
    log.done('x', run);
    log.note('a note');
    t.equal(text(), '', `quiet on ${isTTY ? 'a terminal' : 'a pipe'}`);
  }
});
