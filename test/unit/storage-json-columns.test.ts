import { describe, expect, it } from 'vitest';
import { packJson, unpackJson } from '../../src/storage/json-columns';

describe('JSON columns', () => {
  it('splits a value over 32K characters across columns that each stay under the Table limit', () => {
    const value = {
      clusters: Array.from(
        { length: 1000 },
        (_, i) => `/subscriptions/s/resourceGroups/rg/providers/x/managedClusters/c${i}`,
      ),
    };
    const columns = packJson(value);
    expect(columns.chunks).toBeGreaterThan(1);
    for (const [key, column] of Object.entries(columns)) {
      if (key.startsWith('json')) expect(String(column).length).toBeLessThanOrEqual(30_000);
    }
    expect(unpackJson(columns)).toEqual(value);
  });

  it('reads rows written before chunking (a single json column)', () => {
    expect(unpackJson({ json: '{"a":1}' })).toEqual({ a: 1 });
  });
});
