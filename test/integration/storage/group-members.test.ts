import { describe, expect, it } from 'vitest';
import { statusKey, type UpdateStatus } from '../../../src/api/update-run-status';
import type { StatusWrite } from '../../../src/orchestrators/contracts';
import type { GroupRef } from '../../../src/storage/group-members-store';
import { runStatusPartitionKey } from '../../../src/storage/keys';
import { getStores } from '../../../src/storage/stores';
import { clusterId, SUBSCRIPTION, useFreshFleetTables } from '../../support/fleet-api';

const FLEET = { subscriptionId: SUBSCRIPTION, resourceGroupName: 'rg', fleetName: 'big' };
const GROUP: GroupRef = { fleet: FLEET, runName: 'run1', stage: 's1', group: 'g' };

const name = (i: number): string => `m${String(i).padStart(5, '0')}`;
const memberRow = (
  group: string,
  i: number,
  state: UpdateStatus['state'] = 'NotStarted',
  extra: Partial<StatusWrite> = {},
): StatusWrite => ({
  key: statusKey.member('s1', group, name(i)),
  clusterResourceId: clusterId(`${group}-${name(i)}`),
  order: i,
  status: { state },
  ...extra,
});

/** Writes a group of `count` members (and a neighbour group `g2` whose partition sorts among g's). */
async function writeGroup(
  count: number,
  states: Record<number, UpdateStatus['state']> = {},
  pendingAt?: number,
): Promise<void> {
  const stores = await getStores();
  const rows = Array.from({ length: count }, (_, i) =>
    memberRow('g', i, states[i], i === pendingAt ? { notBefore: '2026-01-01T00:00:00Z' } : {}),
  );
  await stores.runStatus.write(FLEET, 'run1', [
    { key: statusKey.group('s1', 'g'), status: { state: 'Running' } },
    ...rows,
    memberRow('g2', 0),
    memberRow('g2', 150),
  ]);
}

/** Every unfinished member of the group, page by page as a group orchestration reads them. */
async function readAllPages(limit: number): Promise<{ names: string[]; pages: number }> {
  const stores = await getStores();
  const names: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await stores.groupMembers.page(GROUP, { ...(cursor ? { cursor } : {}), limit });
    names.push(...page.members.map((m) => m.name));
    if (page.exhausted) return { names, pages };
    cursor = page.cursor;
  }
}

describe("a group's member rows", () => {
  useFreshFleetTables();

  it('keeps a hundred members per partition: the first hundred with the group row, then one partition each', async () => {
    await writeGroup(250);
    const stores = await getStores();
    const run = runStatusPartitionKey(FLEET, 'run1');
    const rows = await stores.runStatus.table.allInPartitions({ from: `${run}|s1|g`, to: `${run}|s1|g}` });
    const counts = new Map<string, number>();
    for (const row of rows)
      counts.set(row.partitionKey.slice(run.length), (counts.get(row.partitionKey.slice(run.length)) ?? 0) + 1);
    // Each partition also has its version row; the group's own has the group row.
    expect(Object.fromEntries(counts)).toEqual({
      '|s1|g': 102,
      '|s1|g|000001': 101,
      '|s1|g|000002': 51,
      '|s1|g2': 2,
      '|s1|g2|000001': 2,
    });
  });

  it('pages through every partition in plan order, skipping finished members, and ends after the last', async () => {
    await writeGroup(250, { 0: 'Completed', 99: 'Skipped', 100: 'Completed', 249: 'Completed' });
    const expected = Array.from({ length: 250 }, (_, i) => i)
      .filter((i) => ![0, 99, 100, 249].includes(i))
      .map(name);
    expect((await readAllPages(100)).names).toEqual(expected);
    expect((await readAllPages(7)).names).toEqual(expected);
  });

  it('ends a group of exactly two full partitions, and a group whose last partition is all finished', async () => {
    await writeGroup(200, Object.fromEntries(Array.from({ length: 100 }, (_, i) => [100 + i, 'Completed' as const])));
    const { names } = await readAllPages(100);
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => name(i)));
  });

  it("reads a whole group, its Pending members and named members across partitions, never a neighbour's", async () => {
    await writeGroup(250, { 180: 'Pending' }, 180);
    const stores = await getStores();
    const all = await stores.groupMembers.all(GROUP);
    expect(all).toHaveLength(250);
    expect(all.every((m) => m.clusterResourceId.includes('/g-'))).toBe(true);
    expect((await stores.groupMembers.pending(GROUP)).map((m) => m.name)).toEqual([name(180)]);
    const named = await stores.groupMembers.some(GROUP, [name(3), name(150), name(249), 'not-a-member']);
    expect(named.map((m) => [m.name, m.order])).toEqual([
      [name(3), 3],
      [name(150), 150],
      [name(249), 249],
    ]);
  });

  it("reads a member's row back from its partition by its place in the group", async () => {
    await writeGroup(250, { 180: 'Running' });
    const stores = await getStores();
    const row = await stores.runStatus.readRow(FLEET, 'run1', {
      key: statusKey.member('s1', 'g', name(180)),
      order: 180,
    });
    expect(row?.status?.state).toBe('Running');
  });
});
