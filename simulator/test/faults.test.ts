import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalContainerServiceClient } from '../src/arm-client';
import { POLL, RG, SUBSCRIPTION, aCluster, armErrorOf, startFixture, type SimFixture } from './support/sim-fixture';

describe('injected faults', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'faulty', aCluster(), POLL);
  });
  afterAll(() => f.stop());

  it('throttles with 429 and Retry-After, which the SDK honours by retrying', async () => {
    f.sim.updateSettings({ throttleNextRequests: 2, throttleRetryAfterSeconds: 1 });
    const started = Date.now();
    const cluster = await f.client.managedClusters.get(RG, 'faulty');
    expect(cluster.name).toBe('faulty');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(f.sim.settings().throttleNextRequests).toBe(0);
  });

  it('returns the 429 body in ARM shape when retries run out', async () => {
    f.sim.updateSettings({ throttleNextRequests: 10, throttleRetryAfterSeconds: 0 });
    const client = createLocalContainerServiceClient(f.sim.url, SUBSCRIPTION, { retryOptions: { maxRetries: 1 } });
    const error = await armErrorOf(client.managedClusters.get(RG, 'faulty'));
    f.sim.updateSettings({ throttleNextRequests: 0 });
    expect(error).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
  });

  it('answers transient 5xx that the SDK retries', async () => {
    const response = await f.http('/simulator/settings', {
      method: 'PUT',
      body: JSON.stringify({ transientNextRequests: 2, transientStatus: 503 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    await expect(f.client.managedClusters.get(RG, 'faulty')).resolves.toMatchObject({ name: 'faulty' });
    expect(f.sim.settings().transientNextRequests).toBe(0);
  });

  it('adds the configured latency to ARM requests', async () => {
    f.sim.updateSettings({ latencyMs: 300 });
    try {
      const started = Date.now();
      await f.client.managedClusters.get(RG, 'faulty');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      f.sim.updateSettings({ latencyMs: 0 });
    }
  });

  it('refuses invalid settings with a 400', async () => {
    const response = await f.http('/simulator/settings', {
      method: 'PUT',
      body: JSON.stringify({ speed: 0 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(f.sim.settings().speed).toBe(1);
  });
});
