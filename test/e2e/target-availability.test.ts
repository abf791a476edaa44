import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../simulator/src/index';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  getCatalog,
  getRunRaw,
  isTerminal,
  memberOf,
  memberStates,
  putCatalog,
  rawMember,
  runState,
  runsOf,
  upgradeOperations,
} from './support/e2e-fleet';

/** How often a member Pending on its region's offer is checked again (the app's default is an hour). */
const RECHECK_SECONDS = 2;
const UBUNTU = 'AKSUbuntu-2204gen2containerd';
const OLDER_IMAGE = `${UBUNTU}-202510.19.0`;
/** Published in eastus only by the simulator's default catalog. */
const NEWER_IMAGE = `${UBUNTU}-202511.04.0`;

/** The catalog with a Kubernetes version offered only in `regions` (every region when absent). */
async function offerVersion(stack: FleetStack, version: string, regions?: string[]): Promise<void> {
  const catalog = await getCatalog(stack);
  const kubernetesVersions = catalog.kubernetesVersions.map(({ regions: _all, ...v }) =>
    v.version === version && regions ? { ...v, regions } : v,
  );
  await putCatalog(stack, { ...catalog, kubernetesVersions });
}

async function publishImage(stack: FleetStack, region: string, image: string): Promise<void> {
  const catalog: Catalog = await getCatalog(stack);
  const nodeImages = { ...catalog.nodeImages, [region]: [...(catalog.nodeImages[region] ?? []), image] };
  await putCatalog(stack, { ...catalog, nodeImages });
}

describe('a member whose target its region does not offer yet', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ appSettings: { MEMBER_VERSION_RECHECK_SECONDS: String(RECHECK_SECONDS) } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('waits Pending, shown with why and where to look, and upgrades once the catalog offers its version', async () => {
    await offerVersion(stack, '1.32.9', ['eastus']);
    await aFleet(stack, 'offers', [{ name: 'k1', location: 'westeurope' }, { name: 'n1' }]);
    const runs = runsOf(stack, 'offers');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');

    // The member went Pending and the run went on with the next one; only the Pending member is left.
    const pending = await runs.waitFor(
      'run',
      (run) => memberOf(run, 'n1').state === 'Completed' && memberOf(run, 'k1').error !== undefined,
    );
    const raw = await getRunRaw(stack, 'offers', 'run', '2026-06-01');
    expect(raw.properties.status.status.state).toBe('Pending');
    expect(rawMember(raw, 'k1')?.status.state).toBe('Pending');
    expect(rawMember(raw, 'k1')?.status.error?.code).toBe('KubernetesVersionNotAvailable');
    expect(rawMember(raw, 'k1')?.message).toBe(
      'set member: k1 to Pending due to failed validation err: target upgrade Kubernetes version "1.32.9" for the ' +
        'control plane is not available in region "westeurope". The member is checked again until the region offers ' +
        'it; see the AKS release tracker: https://releases.aks.azure.com/',
    );
    // 2025-03-01 (the official client) knows no Pending: the member and the run read Running.
    expect(runState(pending)).toBe('Running');
    expect(memberOf(pending, 'k1').state).toBe('Running');
    expect(memberOf(pending, 'k1').message).toBe(rawMember(raw, 'k1')?.message);
    expect(await upgradeOperations(stack, 'k1')).toEqual([]);

    await offerVersion(stack, '1.32.9');
    const done = await runs.waitFor('run', isTerminal, 30_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ k1: 'Completed', n1: 'Completed' });
    expect(memberOf(done, 'k1').error).toBeUndefined();
    expect((await upgradeOperations(stack, 'k1')).map((op) => op.status)).toEqual(['Succeeded']);
  }, 120_000);

  it('waits Pending on a node image its region lacks until the member is skipped, and the run then completes', async () => {
    const pools = [{ name: 'system', nodeImageVersion: OLDER_IMAGE }];
    await aFleet(stack, 'images', [
      { name: 'i1', location: 'westeurope', pools },
      { name: 'e1', location: 'eastus', pools },
    ]);
    const runs = runsOf(stack, 'images');
    await runs.create('run', {
      managedClusterUpdate: {
        upgrade: { type: 'NodeImageOnly' },
        nodeImageSelection: { type: 'Custom', customNodeImageVersions: [{ version: NEWER_IMAGE }] },
      },
    });
    await runs.start('run');

    const pending = await runs.waitFor(
      'run',
      (run) => memberOf(run, 'e1').state === 'Completed' && memberOf(run, 'i1').error !== undefined,
    );
    expect(memberOf(pending, 'i1').error?.code).toBe('NodeImageVersionNotAvailable');
    expect(memberOf(pending, 'i1').message).toMatch(
      /^set member: i1 to Pending due to failed validation err: target upgrade node image version "AKSUbuntu-2204gen2containerd-202511\.04\.0" for agent pool system is not available in region "westeurope"\. .*https:\/\/releases\.aks\.azure\.com\/$/,
    );
    const raw = await getRunRaw(stack, 'images', 'run', '2026-06-01');
    expect(raw.properties.status.status.state).toBe('Pending');

    await runs.skip('run', [{ type: 'Member', name: 'i1' }]);
    const done = await runs.waitFor('run', isTerminal, 30_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ i1: 'Skipped', e1: 'Completed' });
    expect(await upgradeOperations(stack, 'i1')).toEqual([]);

    // Published after the skip, the image changes nothing: the skipped member is not tried again.
    await publishImage(stack, 'westeurope', NEWER_IMAGE);
    await new Promise((resolve) => setTimeout(resolve, RECHECK_SECONDS * 1000 + 500));
    expect(await upgradeOperations(stack, 'i1')).toEqual([]);
  }, 120_000);
});
