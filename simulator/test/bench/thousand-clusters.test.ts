import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClusterBenchmark } from '../../bench/cluster-bench';
import { startFixture, type SimFixture } from '../support/sim-fixture';

const BENCH_SUBSCRIPTION = '99999999-0000-0000-0000-000000000001';

describe('scale', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('creates and lists 1,000 clusters in well under a minute', async () => {
    const result = await runClusterBenchmark({ url: f.sim.url, subscriptionId: BENCH_SUBSCRIPTION, count: 1000 });
    console.log(
      `[bench] 1,000 clusters: create ${(result.createMs / 1000).toFixed(2)} s, list ${result.listMs.toFixed(0)} ms (${result.listed} listed in pages of 100)`,
    );
    expect(result.listed).toBe(1000);
    expect(result.createMs + result.listMs).toBeLessThan(30_000);
  });
});
