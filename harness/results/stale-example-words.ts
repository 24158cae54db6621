// One stale example in words, the same in the terminal and in summary.md: what the response showed and what was
// due instead.
import type { StaleExample } from './types.js';

export function staleExampleWords(example: Pick<StaleExample, 'docId' | 'shownRev' | 'dueRev'>): string {
  const { docId, shownRev, dueRev } = example;
  if (shownRev === undefined) return `left ${docId} out while ${dueRev} was due`;
  return `showed ${docId} at ${shownRev} while ${dueRev} was due`;
}
