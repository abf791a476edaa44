import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL, RG, aCluster, startFixture, type SimFixture } from './support/sim-fixture';

describe('injected clock', () => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture({ clock: () => now, settings: { controlPlaneSeconds: 3600 } });
  });
  afterAll(() => f.stop());

  it('keeps an hour-long upgrade running until the clock passes its end, then completes it at that end', async () => {
    const cluster = await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'slow', aCluster(), POLL);
    await f.client.managedClusters.beginCreateOrUpdate(RG, 'slow', { ...cluster, kubernetesVersion: '1.32.6' }, POLL);
    now += 3599_000;
    expect((await f.client.managedClusters.get(RG, 'slow')).provisioningState).toBe('Upgrading');
    now += 2_000;
    expect((await f.client.managedClusters.get(RG, 'slow')).provisioningState).toBe('Succeeded');
    const [op] = f.sim.operations();
    expect(op).toMatchObject({ startTime: '2026-03-01T10:00:00.000Z', endTime: '2026-03-01T11:00:00.000Z' });
  });
});
