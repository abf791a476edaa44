import type { AutoUpgradeProfile, ContainerServiceFleetClient } from '@azure/arm-containerservicefleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, fleetClient, startFleetEndpoint, type FleetEndpoint } from '../../support/fleet-endpoint';
import { clusterId, SUBSCRIPTION } from '../../support/fleet-api';

let endpoint: FleetEndpoint;
let client: ContainerServiceFleetClient;
const RG = 'rg-profiles';
const FAST = { updateIntervalInMs: 10 };

beforeAll(async () => {
  endpoint = await startFleetEndpoint([clusterId('profile-k1')]);
  client = fleetClient(endpoint.url, SUBSCRIPTION);
}, 120_000);

afterAll(async () => {
  await endpoint?.stop();
});

function profilePath(fleet: string, name = ''): string {
  const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${fleet}/autoUpgradeProfiles`;
  return name === '' ? base : `${base}/${name}`;
}

interface ArmBody {
  properties: Record<string, unknown>;
  error: { code: string; message: string; target?: string; details: Array<{ target?: string }> };
}

/** A raw request, for what the 2.0.0 client cannot say (2026-06-01 fields, invalid bodies). */
async function call(method: string, path: string, body: unknown, apiVersion: string) {
  const response = await fetch(`${endpoint.url}${path}?api-version=${apiVersion}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as ArmBody };
}

describe('auto-upgrade profiles through @azure/arm-containerservicefleet 2.0.0', () => {
  it('creates, reads, lists, updates and deletes a profile', async () => {
    await client.fleets.create(RG, 'fleet-p', { location: 'westeurope' }, FAST);
    const member = { properties: { clusterResourceId: clusterId('profile-k1'), group: 'g1' } };
    await client.fleetMembers.create(RG, 'fleet-p', 'member-one', member, FAST);
    const strategy = await client.fleetUpdateStrategies.createOrUpdate(
      RG,
      'fleet-p',
      'one-by-one',
      { properties: { strategy: { stages: [{ name: 's1', groups: [{ name: 'g1' }] }] } } },
      FAST,
    );
    const created = await client.autoUpgradeProfiles.createOrUpdate(
      RG,
      'fleet-p',
      'stable',
      { properties: { channel: 'Stable', updateStrategyId: strategy.id, nodeImageSelection: { type: 'Consistent' } } },
      FAST,
    );
    expect(created).toMatchObject({
      id: profilePath('fleet-p', 'stable'),
      name: 'stable',
      type: 'Microsoft.ContainerService/fleets/autoUpgradeProfiles',
      properties: {
        provisioningState: 'Succeeded',
        channel: 'Stable',
        updateStrategyId: strategy.id,
        nodeImageSelection: { type: 'Consistent' },
        disabled: false,
      },
    });
    expect(created.eTag).toMatch(/^".+"$/);
    expect(created.properties?.autoUpgradeProfileStatus).toBeUndefined();

    const read: AutoUpgradeProfile = await client.autoUpgradeProfiles.get(RG, 'fleet-p', 'stable');
    expect(read.eTag).toBe(created.eTag);
    // A GET body can be PUT back; disabling changes the eTag.
    read.properties = { ...read.properties, channel: 'Stable', disabled: true };
    const disabled = await client.autoUpgradeProfiles.createOrUpdate(RG, 'fleet-p', 'stable', read, FAST);
    expect(disabled.properties?.disabled).toBe(true);
    expect(disabled.eTag).not.toBe(created.eTag);
    await expect(
      client.autoUpgradeProfiles.createOrUpdate(
        RG,
        'fleet-p',
        'stable',
        { properties: { channel: 'Rapid', updateStrategyId: strategy.id } },
        { ...FAST, ifMatch: created.eTag },
      ),
    ).rejects.toMatchObject({ statusCode: 412 });

    await client.autoUpgradeProfiles.createOrUpdate(RG, 'fleet-p', 'images', { properties: { channel: 'NodeImage' } });
    const listed = await collect(client.autoUpgradeProfiles.listByFleet(RG, 'fleet-p'));
    expect(listed.map((p) => [p.name, p.properties?.channel])).toEqual([
      ['images', 'NodeImage'],
      ['stable', 'Stable'],
    ]);

    await client.autoUpgradeProfiles.delete(RG, 'fleet-p', 'images', FAST);
    await expect(client.autoUpgradeProfiles.get(RG, 'fleet-p', 'images')).rejects.toMatchObject({ statusCode: 404 });
    expect(await collect(client.autoUpgradeProfiles.listByFleet(RG, 'fleet-p'))).toHaveLength(1);
  });

  it('keeps updateStrategyId as it was created', async () => {
    await client.fleets.create(RG, 'fleet-s', { location: 'westeurope' }, FAST);
    await client.autoUpgradeProfiles.createOrUpdate(RG, 'fleet-s', 'rapid', { properties: { channel: 'Rapid' } });
    const strategyId = `${profilePath('fleet-s').replace('/autoUpgradeProfiles', '/updateStrategies')}/missing`;
    const changed = await call(
      'PUT',
      profilePath('fleet-s', 'rapid'),
      { properties: { channel: 'Rapid', updateStrategyId: strategyId } },
      '2025-03-01',
    );
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatchObject({ target: 'properties.updateStrategyId' });
    const missing = await call(
      'PUT',
      profilePath('fleet-s', 'other'),
      { properties: { channel: 'Rapid', updateStrategyId: strategyId } },
      '2025-03-01',
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("'missing' does not exist");
  });

  it('takes TargetKubernetesVersion and longTermSupport under 2026-06-01 only', async () => {
    await client.fleets.create(RG, 'fleet-t', { location: 'westeurope' }, FAST);
    const pinned = {
      properties: { channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.30', longTermSupport: true },
    };
    const created = await call('PUT', profilePath('fleet-t', 'pinned'), pinned, '2026-06-01');
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({
      channel: 'TargetKubernetesVersion',
      targetKubernetesVersion: '1.30',
      longTermSupport: true,
    });
    // 2025-03-01 does not know the fields: they are not shown, and refused by name.
    const old = await call('GET', profilePath('fleet-t', 'pinned'), undefined, '2025-03-01');
    expect(old.body.properties.targetKubernetesVersion).toBeUndefined();
    const refused = await call('PUT', profilePath('fleet-t', 'x'), pinned, '2025-03-01');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.target)).toEqual([
      'properties.channel',
      'properties.targetKubernetesVersion',
      'properties.longTermSupport',
    ]);
  });

  it.each([
    ['a missing channel', { properties: {} }, 'properties.channel'],
    ['an unknown channel', { properties: { channel: 'Nightly' } }, 'properties.channel'],
    ['an unknown field', { properties: { channel: 'Stable', schedule: 'weekly' } }, 'properties.schedule'],
    [
      'a target minor without its channel',
      { properties: { channel: 'Stable', targetKubernetesVersion: '1.30' } },
      'properties.targetKubernetesVersion',
    ],
    [
      'TargetKubernetesVersion without a target',
      { properties: { channel: 'TargetKubernetesVersion' } },
      'properties.targetKubernetesVersion',
    ],
    [
      'a target with a patch',
      { properties: { channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.30.4' } },
      'properties.targetKubernetesVersion',
    ],
    ['LTS on Rapid', { properties: { channel: 'Rapid', longTermSupport: true } }, 'properties.longTermSupport'],
    [
      'a Custom node image selection',
      { properties: { channel: 'NodeImage', nodeImageSelection: { type: 'Custom' } } },
      'properties.nodeImageSelection.type',
    ],
  ])('refuses %s, naming the field', async (_, body, target) => {
    await client.fleets.create(RG, 'fleet-v', { location: 'westeurope' }, FAST);
    const response = await call('PUT', profilePath('fleet-v', 'p'), body, '2026-06-01');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('InvalidRequestContent');
    expect(response.body.error.target).toBe(target);
  });
});
