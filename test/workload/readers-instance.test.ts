// Which instance a read went to: noted on the exchange when the readers spread over several URLs (the instances
// themselves), never with one URL (one instance, or a proxy, which picks the instance itself).
import t from 'tap';
import type { Scenario } from '../../harness/scenario/scenario.js';
import { pageChooser } from '../../harness/workload/page-chooser.js';
import { seededRandom } from '../../harness/workload/random.js';
import { Readers } from '../../harness/workload/readers.js';
import { VirtualClients } from '../../harness/workload/virtual-clients.js';

const scenario = { documents: { count: 3, groups: 1 }, readers: { zipfExponent: 1, groupPageShare: 0 } } as Scenario;

function readersOver(urls: readonly string[]): Readers {
  const random = seededRandom(1);
  return new Readers(urls, 1, 1, pageChooser(scenario, random), new VirtualClients(1), random, () => 5);
}

t.test('several URLs: the exchange names the instance the driver sent it to', async (t) => {
  const readers = readersOver(['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3']);
  for (const target of [2, 0, 1]) readers.complete(readers.prepare(undefined, target).state, 200, '', {});
  t.same(
    readers.exchanges.map((exchange) => exchange.instance),
    [2, 0, 1],
  );
});

t.test('one URL: no instance, whatever the driver says', async (t) => {
  const readers = readersOver(['http://127.0.0.1:1']);
  readers.complete(readers.prepare(undefined, 0).state, 200, '', {});
  t.notOk('instance' in readers.exchanges[0]!, 'one instance, or a proxy that picks it');
});

t.test('a driver that cannot say: no instance (the exchange is judged as every instance must answer)', async (t) => {
  const readers = readersOver(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  readers.complete(readers.prepare().state, 200, '', {});
  t.notOk('instance' in readers.exchanges[0]!);
});
