import t from 'tap';
import { decodeSince, encodeSeq, newSeqSalt } from '../../harness/couchdb-compatible/seq-codec.js';

t.test('an encoded seq looks like CouchDB 3 and decodes back to its number', async (t) => {
  for (const seq of [0, 1, 42, 1_000_000, Number.MAX_SAFE_INTEGER]) {
    const text = encodeSeq(seq, newSeqSalt());
    t.match(text, new RegExp(`^${seq}-g1AAAA[A-Za-z0-9_-]+$`), `seq ${seq} is "<n>-g1AAAA…"`);
    t.equal(decodeSince(text), seq, `${text} decodes to ${seq}`);
  }
});

t.test('one state encoded twice gives two different strings, and both decode', async (t) => {
  const a = encodeSeq(7, newSeqSalt());
  const b = encodeSeq(7, newSeqSalt());
  t.not(a, b, 'a fresh salt changes the string');
  t.equal(decodeSince(a), 7);
  t.equal(decodeSince(b), 7);
});

t.test('plain forms are accepted: 0, now, integers, JSON-quoted values', async (t) => {
  t.equal(decodeSince('0'), 0);
  t.equal(decodeSince(0), 0);
  t.equal(decodeSince('now'), 'now');
  t.equal(decodeSince('"now"'), 'now');
  t.equal(decodeSince('17'), 17);
  t.equal(decodeSince(17), 17);
  const seq = encodeSeq(9, newSeqSalt());
  t.equal(decodeSince(JSON.stringify(seq)), 9, 'a Last-Event-ID carries the seq with its quotes');
});

t.test('malformed values are refused', async (t) => {
  const good = encodeSeq(5, newSeqSalt());
  const blob = good.slice(good.indexOf('-') + 1);
  const cases: [string, unknown][] = [
    ['garbage', 'abc'],
    ['empty', ''],
    ['negative', '-1'],
    ['negative number', -1],
    ['fraction', 1.5],
    ['leading zero', '05'],
    ['number prefix that does not match the blob', `6-${blob}`],
    ['truncated blob', `5-${blob.slice(0, -4)}`],
    ['foreign blob', '5-g1AAAACbeJzLYWBgYMpgTmHgzcvPS09JdcjLz8gvLskBCScyJNX___8_K4M5iYGBSzAXKMZubGRpkpRkjq4ehwl5LECSoQFI_YcblAg2yCDRwMI4FVNfFgA'],
    ['not a string or number', { seq: 5 }],
    ['null', null],
  ];
  for (const [name, value] of cases) t.equal(decodeSince(value), undefined, `${name}: ${JSON.stringify(value)}`);
});

t.test('encodeSeq refuses what is not a seq', async (t) => {
  t.throws(() => encodeSeq(-1, newSeqSalt()), RangeError);
  t.throws(() => encodeSeq(1.5, newSeqSalt()), RangeError);
  t.throws(() => encodeSeq(1, Buffer.alloc(3)), RangeError);
});
