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

export function pageChooser(scenario: Scenario, random: Random): PageChooser {
  const { count, groups } = scenario.documents;
  const paths: string[] = [];
  for (let i = 0; i < count; i++) paths.push(`/doc/${docId(i)}`);
  for (let g = 0; g < groups; g++) paths.push(`/group/${groupName(g)}`);
  const docOrder = shuffled(count, random);
  const groupOrder = shuffled(groups, random);
  const docRank = zipfSampler(count, scenario.readers.zipfExponent, random);
  const groupRank = zipfSampler(groups, scenario.readers.zipfExponent, random);
  const groupShare = scenario.readers.groupPageShare;
  return {
    paths,
    docOrder,
    next: () => (random() < groupShare ? count + groupOrder[groupRank()]! : docOrder[docRank()]!),
  };
}
