// What the oracle concludes about one version of a page (a 200's body or the copy a 304 told the client to keep).
import type { StaleDetail } from './types.js';

export type VersionJudgement =
  | { readonly kind: 'current' }
  /** Older than a version acknowledged before the request was sent, for `staleForMs`. */
  | { readonly kind: 'stale'; readonly staleForMs: number; readonly behind: StaleDetail }
  /** The version holds nothing the oracle can place (no known revision of the page's document). */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** A version no moment of the history had (a group page listing a document at a revision outside the group). */
  | { readonly kind: 'wrong'; readonly reason: string };

export const CURRENT: VersionJudgement = { kind: 'current' };
