/**
 * How a GET may use a document composed from an earlier read of storage: `fresh` is answered as it is, `stale` is
 * answered at once while one read refreshes it (stale-while-revalidate), `mustWait` is never answered: the GET waits
 * for a read of storage.
 */
export type Freshness = 'fresh' | 'stale' | 'mustWait';

/**
 * A document older than this many max-ages is not answered even while a refresh runs: storage that stopped
 * answering surfaces as a slow or failed GET, never as an ever older document.
 */
export const STALE_LIMIT_MAX_AGES = 5;

/**
 * The freshness of a document whose read of storage began `ageMs` ago, with documents allowed to be `maxAgeMs` old.
 * A max age of 0 means every GET reads storage; a negative age (a clock that went back) is not trusted.
 */
export function freshnessOf(ageMs: number, maxAgeMs: number): Freshness {
  if (maxAgeMs <= 0 || ageMs < 0) return 'mustWait';
  if (ageMs < maxAgeMs) return 'fresh';
  if (ageMs < maxAgeMs * STALE_LIMIT_MAX_AGES) return 'stale';
  return 'mustWait';
}
