import { describe, expect, it } from 'vitest';
import {
  missingConsistentImageMessage,
  nodeImageTargetsForMember,
  selectConsistentNodeImages,
  type MemberImageInfo,
} from '../../../src/domain';

const U = 'AKSUbuntu-2204gen2containerd';
const AZL = 'AKSAzureLinux-V2gen2';
const W = 'AKSWindows-2022-containerd';

const eastus: MemberImageInfo = {
  member: 'east',
  region: 'eastus',
  pools: [
    { name: 'system', nodeImageVersion: `${U}-202509.01.0`, latestAvailableVersion: `${U}-202511.04.0` },
    { name: 'win', nodeImageVersion: `${W}-20348.3000.250101`, latestAvailableVersion: `${W}-20348.3207.250214` },
  ],
};
const westeurope: MemberImageInfo = {
  member: 'west',
  region: 'westeurope',
  pools: [
    { name: 'system', nodeImageVersion: `${U}-202509.01.0`, latestAvailableVersion: `${U}-202510.28.0` },
    { name: 'azl', nodeImageVersion: `${AZL}-202502.01.0`, latestAvailableVersion: `${AZL}-202502.26.0` },
  ],
};

describe('Consistent node image selection', () => {
  it('picks per family the newest version every pool of that family can get, across regions', () => {
    expect(selectConsistentNodeImages([eastus, westeurope])).toEqual([
      { version: `${AZL}-202502.26.0` },
      { version: `${U}-202510.28.0` },
      { version: `${W}-20348.3207.250214` },
    ]);
  });

  it('targets every pool of a family with the selected version, whatever its region offers', () => {
    const selected = selectConsistentNodeImages([eastus, westeurope]);
    const targets = nodeImageTargetsForMember({ type: 'Consistent' }, eastus, selected);
    expect(targets).toEqual({
      targets: { system: `${U}-202510.28.0`, win: `${W}-20348.3207.250214` },
      missingFamilies: [],
    });
  });

  it('reports a pool of a family with no selected version, so the member is Skipped', () => {
    const selected = selectConsistentNodeImages([eastus]);
    const added: MemberImageInfo = {
      ...westeurope,
      pools: [{ name: 'gpu', nodeImageVersion: `${AZL}-202502.01.0` }, ...westeurope.pools.slice(0, 1)],
    };
    const targets = nodeImageTargetsForMember({ type: 'Consistent' }, added, selected);
    expect(targets.missingFamilies).toEqual([AZL]);
    expect(missingConsistentImageMessage(targets.missingFamilies)).toContain(AZL);
  });
});

describe('Latest and Custom node image selection', () => {
  it('uses each pool’s regional latest for Latest', () => {
    expect(nodeImageTargetsForMember({ type: 'Latest' }, westeurope).targets).toEqual({
      system: `${U}-202510.28.0`,
      azl: `${AZL}-202502.26.0`,
    });
  });

  it('upgrades only pools of the custom families for Custom and leaves others untouched', () => {
    const selection = { type: 'Custom' as const, customNodeImageVersions: [{ version: `${U}-202511.04.0` }] };
    expect(nodeImageTargetsForMember(selection, eastus)).toEqual({
      targets: { system: `${U}-202511.04.0` },
      missingFamilies: [],
    });
  });
});
