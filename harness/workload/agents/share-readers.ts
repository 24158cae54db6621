// The readers for one share of the load, the same on the main thread and in a load agent: the scenario's seed
// orders the pages (every share has the same popular pages, the writers' too), the share's seed draws pages and
// clients. A share on the scenario's own seed draws from the ordering stream itself, as the single loop always has.

import type { Scenario } from '../../scenario/scenario.js';
import { pageChooser } from '../page-chooser.js';
import { seededRandom } from '../random.js';
import { Readers } from '../readers.js';
import { VirtualClients } from '../virtual-clients.js';
import type { LoadShare } from './load-shares.js';

export function shareReaders(scenario: Scenario, share: LoadShare, urls: readonly string[], durationS: number, clock: () => number): Readers {
  const ordering = seededRandom(scenario.seed);
  const draws = share.seed === scenario.seed ? ordering : seededRandom(share.seed);
  const pages = pageChooser(scenario, ordering, draws);
  return new Readers(urls, share.connections, durationS, pages, new VirtualClients(share.clients.count), draws, clock);
}
