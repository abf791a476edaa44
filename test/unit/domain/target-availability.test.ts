import { describe, expect, it } from 'vitest';
import { findTargetNotAvailable, type RegionOffer } from '../../../src/domain/target-availability';

const U = 'AKSUbuntu-2204gen2containerd';
const AZL = 'AKSAzureLinux-V2gen2';

const australiaeast: RegionOffer = {
  member: 'member-1',
  region: 'australiaeast',
  kubernetesVersions: ['1.31.8', '1.32.6', '1.32.9'],
  latestNodeImages: { pool: `${U}-202510.19.0`, azl: `${AZL}-202511.04.0` },
};

describe('whether a Member’s region offers its upgrade targets yet', () => {
  it('keeps a node image newer than the region’s newest Pending, in Fleet’s words, linking the release tracker', () => {
    const image = `${U}-202511.04.0`;
    expect(findTargetNotAvailable({ agentPools: [{ name: 'pool', nodeImageVersion: image }] }, australiaeast))
      .toMatchInlineSnapshot(`
        {
          "code": "NodeImageVersionNotAvailable",
          "message": "set member: member-1 to Pending due to failed validation err: target upgrade node image version "AKSUbuntu-2204gen2containerd-202511.04.0" for agent pool pool is not available in region "australiaeast". The member is checked again until the region offers it; see the AKS release tracker: https://releases.aks.azure.com/",
        }
      `);
  });

  it('keeps a control plane whose Kubernetes version the region does not list Pending', () => {
    expect(findTargetNotAvailable({ controlPlane: '1.33.5', agentPools: [] }, australiaeast)).toEqual({
      code: 'KubernetesVersionNotAvailable',
      message: expect.stringContaining(
        'target upgrade Kubernetes version "1.33.5" for the control plane is not available in region "australiaeast"',
      ) as string,
    });
  });

  it('names the agent pool when only a pool is behind a Kubernetes version the region does not list', () => {
    const targets = { agentPools: [{ name: 'user', kubernetesVersion: '1.32.7' }] };
    expect(findTargetNotAvailable(targets, australiaeast)?.message).toContain(
      'target upgrade Kubernetes version "1.32.7" for agent pool user is not available',
    );
  });

  it('takes a major.minor target as offered when the region lists any patch of it', () => {
    expect(findTargetNotAvailable({ controlPlane: '1.32', agentPools: [] }, australiaeast)).toBeUndefined();
    expect(findTargetNotAvailable({ controlPlane: '1.33', agentPools: [] }, australiaeast)?.code).toBe(
      'KubernetesVersionNotAvailable',
    );
  });

  it('holds nothing back when every target is offered: listed versions, images at or below the newest', () => {
    const targets = {
      controlPlane: '1.32.9',
      agentPools: [
        { name: 'pool', kubernetesVersion: '1.32.9', nodeImageVersion: `${U}-202510.19.0` },
        { name: 'azl', nodeImageVersion: `${AZL}-202510.19.0` },
      ],
    };
    expect(findTargetNotAvailable(targets, australiaeast)).toBeUndefined();
  });

  it('holds nothing back on what it does not know: no version list, no newest image, another image family', () => {
    const unknown = { ...australiaeast, kubernetesVersions: [], latestNodeImages: { azl: `${AZL}-202501.01.0` } };
    const targets = {
      controlPlane: '1.40.1',
      agentPools: [
        { name: 'pool', nodeImageVersion: `${U}-209901.01.0` },
        { name: 'azl', nodeImageVersion: `${U}-209901.01.0` },
      ],
    };
    expect(findTargetNotAvailable(targets, unknown)).toBeUndefined();
  });

  it('reports the Kubernetes version before a node image when both are missing', () => {
    const targets = {
      controlPlane: '1.33.5',
      agentPools: [{ name: 'pool', kubernetesVersion: '1.33.5', nodeImageVersion: `${U}-202512.01.0` }],
    };
    expect(findTargetNotAvailable(targets, australiaeast)?.code).toBe('KubernetesVersionNotAvailable');
  });
});
