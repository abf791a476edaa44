import { describe, expect, it } from 'vitest';
import { freshnessOf, STALE_LIMIT_MAX_AGES } from '../../../src/services/read-freshness';

const MAX_AGE_MS = 500;

describe('freshnessOf', () => {
  it('answers a document younger than the max age as it is', () => {
    expect(freshnessOf(0, MAX_AGE_MS)).toBe('fresh');
    expect(freshnessOf(MAX_AGE_MS - 1, MAX_AGE_MS)).toBe('fresh');
  });

  it('answers a document past the max age while it is refreshed, up to the stale limit', () => {
    expect(freshnessOf(MAX_AGE_MS, MAX_AGE_MS)).toBe('stale');
    expect(freshnessOf(MAX_AGE_MS * STALE_LIMIT_MAX_AGES - 1, MAX_AGE_MS)).toBe('stale');
  });

  it('makes the GET wait for storage once the document reaches the stale limit', () => {
    expect(STALE_LIMIT_MAX_AGES).toBe(5);
    expect(freshnessOf(MAX_AGE_MS * STALE_LIMIT_MAX_AGES, MAX_AGE_MS)).toBe('mustWait');
    expect(freshnessOf(3_600_000, MAX_AGE_MS)).toBe('mustWait');
  });

  it('makes every GET wait for storage when the max age is 0', () => {
    expect(freshnessOf(0, 0)).toBe('mustWait');
    expect(freshnessOf(10, 0)).toBe('mustWait');
  });

  it('does not trust an age below zero (a clock that went back)', () => {
    expect(freshnessOf(-1, MAX_AGE_MS)).toBe('mustWait');
  });
});
