export type { Revision, Exchange, Verdict, VerdictClass } from './types.js';
export { History } from './history.js';
export { judge } from './judge.js';
export { revTokens } from './rev-tokens.js';
export { compareRevs, revGeneration } from './rev-order.js';
