import { describe, expect, it } from 'vitest';
import { ClusterBusyError } from '../../../src/storage/active-runs-store';
import { fleetScopeKey } from '../../../src/storage/keys';
import { getStores } from '../../../src/storage/stores';
import { clusterId, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

const FLEET = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg', fleetName: 'big' };
/** Table Storage refuses an entity over 1 MiB; strings are stored as UTF-16. */
const ENTITY_LIMIT_BYTES = 1024 * 1024;

describe('the active runs of a fleet', () => {
  useFreshFleetTables();

  it('claims 10,000 clusters for one run in a row that stays under the 1 MiB entity limit', async () => {
    const stores = await getStores();
    const clusters = Array.from({ length: 10_000 }, (_, i) => clusterId(`aks-${String(i).padStart(5, '0')}`));
    await stores.activeRuns.claim(FLEET, 'run1', clusters);
    const row = await stores.activeRuns.table.get(fleetScopeKey(FLEET), 'activeRuns');
    const stored = Object.values(row?.columns ?? {}).reduce<number>(
      (bytes, value) => bytes + (typeof value === 'string' ? value.length * 2 : 8),
      0,
    );
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(ENTITY_LIMIT_BYTES);
  });

  it('refuses a second run a cluster the first holds, naming that cluster, until the first releases it', async () => {
    const stores = await getStores();
    await stores.activeRuns.claim(FLEET, 'run1', [clusterId('a'), clusterId('b')]);
    const taken = stores.activeRuns.claim(FLEET, 'run2', [clusterId('c'), clusterId('B')]);
    await expect(taken).rejects.toBeInstanceOf(ClusterBusyError);
    await expect(taken).rejects.toThrow(
      `The cluster '${clusterId('B')}' is already being updated by update run 'run1'.`,
    );
    await stores.activeRuns.release(FLEET, 'run1');
    await expect(stores.activeRuns.claim(FLEET, 'run2', [clusterId('c'), clusterId('b')])).resolves.toBeUndefined();
  });
});
