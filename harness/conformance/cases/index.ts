// The one registry of conformance cases, in the order they run and are reported.

import type { ConformanceCase } from '../case-types.js';
import { CONTENT_CODING_CASES } from './content-coding.js';
import { DATABASE_COST_CASES } from './database-cost.js';
import { HEAD_CASES } from './head.js';
import { IF_MATCH_CASES } from './if-match.js';
import { IF_NONE_MATCH_CASES } from './if-none-match.js';
import { INVALIDATION_CASES } from './invalidation.js';
import { NOT_MODIFIED_CASES } from './not-modified.js';
import { PRECEDENCE_CASES } from './precedence.js';
import { ROBUSTNESS_CASES } from './robustness.js';
import { UNSAFE_METHOD_CASES } from './unsafe-methods.js';

export const CASES: readonly ConformanceCase[] = [
  ...IF_NONE_MATCH_CASES,
  ...NOT_MODIFIED_CASES,
  ...HEAD_CASES,
  ...PRECEDENCE_CASES,
  ...UNSAFE_METHOD_CASES,
  ...IF_MATCH_CASES,
  ...CONTENT_CODING_CASES,
  ...INVALIDATION_CASES,
  ...ROBUSTNESS_CASES,
  ...DATABASE_COST_CASES,
];
