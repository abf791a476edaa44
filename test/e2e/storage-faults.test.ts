import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startFlakyProxy, tableEndpointOf, throughProxy, type FlakyProxy } from '../support/flaky-proxy';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { aRunUpgrading, isTerminal, memberStates, operationCounts, runState } from './support/e2e-fleet';

describe('an update run when its storage fails for a while', () => {
  let stack: FleetStack;
  let proxy: FlakyProxy;
  beforeAll(async () => {
    const storage = inject('storageConnectionString');
    proxy = await startFlakyProxy(tableEndpointOf(storage));
    stack = await startFleetStack({
      simulatorSpeed: 10,
      appStorageConnectionString: throughProxy(storage, proxy.port),
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
  });

  it('rides out a storage outage mid-run: every member Completed, every cluster upgraded once', async () => {
    const runs = await aRunUpgrading(stack, 'blip', { clusters: ['bl1', 'bl2', 'bl3'], upgrading: 'bl2' });
    // Every table call of the app (its status rows and its durable task hub) fails for eight seconds (longer than the storage client retries by itself).
    proxy.blackout(8_000);
    const done = await runs.waitFor('run', isTerminal, 60_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ bl1: 'Completed', bl2: 'Completed', bl3: 'Completed' });
    expect(await operationCounts(stack)).toEqual({ bl1: 1, bl2: 1, bl3: 1 });
  });
});
