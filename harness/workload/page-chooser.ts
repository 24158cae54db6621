// Which page a read goes to: a group page with the scenario's share, otherwise a document page; within
// each kind, Zipf popularity over a shuffled order.

import type { Scenario } from '../scenario/scenario.js';
import type { Random } from './random.js';
import { shuffled, zipfSampler } from './zipf.js';

export const docId = (i: number): string => `doc-${i}`;
export const groupName = (i: number): string => `g-${i}`;

export interface PageChooser {
  /** Every page path, indexed; `next()` returns an index into it. */
  readonly paths: readonly string[];
  /** Document numbers from most to least popular (writers aim at the same popular pages). */
  readonly docOrder: Uint32Array;
  next(): number;
}

/** `random` orders the pages (the same seed, the same popular pages); `draws` picks each read's page (default:
 *  the same stream). Load agents share the order and draw on streams of their own. */
export function pageChooser(scenario: Scenario, random: Random, draws: Random = random): PageChooser {
  const { count, groups } = scenario.documents;
  const paths: string[] = [];
  for (let i = 0; i < count; i++) paths.push(`/doc/${docId(i)}`);
  for (let g = 0; g < groups; g++) paths.push(`/group/${groupName(g)}`);
  const docOrder = shuffled(count, random);
  const groupOrder = shuffled(groups, random);
  const docRank = zipfSampler(count, scenario.readers.zipfExponent, draws);
  const groupRank = zipfSampler(groups, scenario.readers.zipfExponent, draws);
  const groupShare = scenario.readers.groupPageShare;
  return {
    paths,
    docOrder,
    next: () => (draws() < groupShare ? count + groupOrder[groupRank()]! : docOrder[docRank()]!),
  };
}
