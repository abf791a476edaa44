import { describe, expect, it } from 'vitest';
import {
  autoUpgradeRunName,
  channelTarget,
  membersBelowTarget,
  targetVersions,
  type ChannelRules,
} from '../../../src/domain';
import { aMemberCluster, aRegion, AZURE_LINUX_IMAGE, UBUNTU_IMAGE } from '../../fixtures/aks-catalog';

const rules = (overrides: Partial<ChannelRules>): ChannelRules => ({
  channel: 'Stable',
  nodeImageSelection: 'Latest',
  ...overrides,
});
const member = aMemberCluster();

describe('the Kubernetes version a channel targets', () => {
  it('Rapid: the newest patch of the newest GA minor (never a preview)', () => {
    expect(channelTarget(rules({ channel: 'Rapid' }), [aRegion('eastus')], [member])).toEqual({
      kind: 'Kubernetes',
      kubernetesVersion: '1.33.5',
    });
  });

  it('Stable: the newest patch of the minor before the newest (N-1)', () => {
    expect(channelTarget(rules({ channel: 'Stable' }), [aRegion('eastus')], [member])).toEqual({
      kind: 'Kubernetes',
      kubernetesVersion: '1.32.9',
    });
  });

  it('moves on when AKS publishes a new patch of the channel minor', () => {
    const published = aRegion('eastus', [{ version: '1.32.10', preview: false, lts: false }]);
    expect(targetVersions(channelTarget(rules({ channel: 'Stable' }), [published], [member]))).toEqual(['1.32.10']);
  });

  it('counts only versions offered in every region of the fleet: a release not yet in one region waits', () => {
    const east = aRegion('eastus', [{ version: '1.32.10', preview: false, lts: false }]);
    const target = channelTarget(rules({ channel: 'Stable' }), [east, aRegion('westeurope')], [member]);
    expect(targetVersions(target)).toEqual(['1.32.9']);
  });

  it('a GA minor that reached only one region is not yet N', () => {
    const east = aRegion('eastus', [{ version: '1.34.2', preview: false, lts: false }]);
    expect(targetVersions(channelTarget(rules({ channel: 'Rapid' }), [east, aRegion('westeurope')], [member]))).toEqual(
      ['1.33.5'],
    );
    expect(targetVersions(channelTarget(rules({ channel: 'Rapid' }), [east], [member]))).toEqual(['1.34.2']);
  });

  it('TargetKubernetesVersion: the newest patch of the chosen minor', () => {
    const pinned = rules({ channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.31' });
    expect(targetVersions(channelTarget(pinned, [aRegion('eastus')], [member]))).toEqual(['1.31.13']);
  });

  it('TargetKubernetesVersion past N-2 needs longTermSupport, and a minor that has LTS', () => {
    const old = rules({ channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.30' });
    expect(channelTarget(old, [aRegion('eastus')], [member])).toMatchObject({
      kind: 'None',
      message: expect.stringContaining('past AKS community support (1.31 to 1.33)') as unknown,
    });
    expect(targetVersions(channelTarget({ ...old, longTermSupport: true }, [aRegion('eastus')], [member]))).toEqual([
      '1.30.14',
    ]);
    const noLts = rules({ channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.29', longTermSupport: true });
    expect(channelTarget(noLts, [aRegion('eastus')], [member])).toMatchObject({
      kind: 'None',
      message: expect.stringContaining('1.29 has no AKS Long Term Support') as unknown,
    });
  });

  it('has no target for a minor AKS does not offer, saying where it looked', () => {
    const missing = rules({ channel: 'TargetKubernetesVersion', targetKubernetesVersion: '1.40' });
    expect(channelTarget(missing, [aRegion('eastus'), aRegion('westeurope')], [member])).toEqual({
      kind: 'None',
      code: 'NoTargetVersion',
      message: "AKS offers no GA patch of Kubernetes 1.40 in every region of the fleet's members (eastus, westeurope).",
    });
  });

  it('finds the members below the target; one at or ahead of it needs nothing', () => {
    const target = channelTarget(rules({ channel: 'Stable' }), [aRegion('eastus')], [member]);
    const members = [
      aMemberCluster({ member: 'behind', kubernetesVersion: '1.31.8' }),
      aMemberCluster({ member: 'there', kubernetesVersion: '1.32.9' }),
      aMemberCluster({ member: 'ahead', kubernetesVersion: '1.33.5' }),
    ];
    expect(membersBelowTarget(target, members)).toEqual(['behind']);
  });
});

describe('the node images the NodeImage channel targets', () => {
  const east = aMemberCluster({ member: 'east' });
  const west = aMemberCluster({
    member: 'west',
    region: 'westeurope',
    pools: [
      {
        name: 'system',
        nodeImageVersion: `${UBUNTU_IMAGE}-202510.19.0`,
        latestNodeImage: `${UBUNTU_IMAGE}-202510.19.0`,
      },
      {
        name: 'azl',
        nodeImageVersion: `${AZURE_LINUX_IMAGE}-202510.19.0`,
        latestNodeImage: `${AZURE_LINUX_IMAGE}-202510.19.0`,
      },
    ],
  });
  const regions = [aRegion('eastus'), aRegion('westeurope')];

  it('Latest: the newest image of each region, so members of two regions may differ', () => {
    const target = channelTarget(rules({ channel: 'NodeImage' }), regions, [east, west]);
    expect(target).toEqual({
      kind: 'NodeImage',
      nodeImageVersions: [
        `${AZURE_LINUX_IMAGE}-202510.19.0`,
        `${UBUNTU_IMAGE}-202510.19.0`,
        `${UBUNTU_IMAGE}-202511.04.0`,
      ],
    });
    expect(membersBelowTarget(target, [east, west])).toEqual(['east']);
  });

  it('Consistent: per image family the newest image every region offers', () => {
    const target = channelTarget(rules({ channel: 'NodeImage', nodeImageSelection: 'Consistent' }), regions, [
      east,
      west,
    ]);
    expect(targetVersions(target)).toEqual([`${AZURE_LINUX_IMAGE}-202510.19.0`, `${UBUNTU_IMAGE}-202510.19.0`]);
    expect(membersBelowTarget(target, [east, west])).toEqual([]);
  });
});

describe('the name of the run a profile makes', () => {
  it('is derived from the profile and the target, so a target names one run', () => {
    expect(autoUpgradeRunName('stable', { kind: 'Kubernetes', kubernetesVersion: '1.32.9' })).toBe('stable-1-32-9');
    const images = { kind: 'NodeImage' as const, nodeImageVersions: [`${UBUNTU_IMAGE}-202511.04.0`] };
    expect(autoUpgradeRunName('images', images)).toBe(autoUpgradeRunName('images', { ...images }));
    expect(autoUpgradeRunName('images', images)).toMatch(/^images-nodeimage-[0-9a-f]{8}$/);
    const newer = { kind: 'NodeImage' as const, nodeImageVersions: [`${UBUNTU_IMAGE}-202512.01.0`] };
    expect(autoUpgradeRunName('images', newer)).not.toBe(autoUpgradeRunName('images', images));
  });

  it('stays a valid run name for the longest profile names', () => {
    const long = `${'a'.repeat(40)}-${'b'.repeat(9)}`;
    const name = autoUpgradeRunName(long, { kind: 'Kubernetes', kubernetesVersion: '1.32.10' });
    expect(name.length).toBeLessThanOrEqual(50);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name).not.toBe(
      autoUpgradeRunName(`${'a'.repeat(40)}-${'c'.repeat(9)}`, { kind: 'Kubernetes', kubernetesVersion: '1.32.10' }),
    );
  });
});
