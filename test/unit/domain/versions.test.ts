import { describe, expect, it } from 'vitest';
import {
  InvalidVersionError,
  compareNodeImageVersions,
  isKubernetesVersionAtTarget,
  isNodeImageAtTarget,
  nodeImageFamily,
  parseKubernetesVersion,
  parseNodeImageVersion,
  planMemberUpgrade,
  resolveKubernetesTarget,
  type ClusterVersionState,
} from '../../../src/domain';

const UBUNTU = 'AKSUbuntu-2204gen2containerd';
const WINDOWS = 'AKSWindows-2022-containerd';

describe('Kubernetes versions', () => {
  it('parses major.minor.patch, major.minor and a leading v', () => {
    expect(parseKubernetesVersion('1.28.3')).toEqual({ major: 1, minor: 28, patch: 3 });
    expect(parseKubernetesVersion('v1.29')).toEqual({ major: 1, minor: 29 });
  });

  it.each(['1', '1.28.3.4', 'latest', '1.x.0', ''])('rejects %j', (value) => {
    expect(() => parseKubernetesVersion(value)).toThrow(InvalidVersionError);
  });

  it('treats a member at or ahead of the target as at target, comparing only what the target names', () => {
    expect(isKubernetesVersionAtTarget('1.28.3', '1.28.3')).toBe(true);
    expect(isKubernetesVersionAtTarget('1.29.0', '1.28.3')).toBe(true);
    expect(isKubernetesVersionAtTarget('1.28.2', '1.28.3')).toBe(false);
    expect(isKubernetesVersionAtTarget('1.28.0', '1.28')).toBe(true);
    expect(isKubernetesVersionAtTarget('1.27.9', '1.28')).toBe(false);
  });
});

describe('node image versions', () => {
  it('splits family and version at the last dash', () => {
    expect(parseNodeImageVersion(`${UBUNTU}-202511.04.0`)).toEqual({
      family: UBUNTU,
      version: '202511.04.0',
      numbers: [202511, 4, 0],
    });
    expect(nodeImageFamily(`${WINDOWS}-20348.3207.250214`)).toBe(WINDOWS);
  });

  it.each(['AKSUbuntu', '-202511.04.0', 'AKSUbuntu-2204-latest', ''])('rejects %j', (value) => {
    expect(() => parseNodeImageVersion(value)).toThrow(InvalidVersionError);
  });

  it('compares versions of one family numerically, segment by segment', () => {
    expect(compareNodeImageVersions(`${UBUNTU}-202511.04.0`, `${UBUNTU}-202510.28.1`)).toBeGreaterThan(0);
    expect(compareNodeImageVersions(`${UBUNTU}-202511.04.0`, `${UBUNTU}-202511.10.0`)).toBeLessThan(0);
    expect(compareNodeImageVersions(`${WINDOWS}-20348.3207.250214`, `${WINDOWS}-20348.999.250301`)).toBeGreaterThan(0);
  });

  it('refuses to compare versions of different families', () => {
    expect(() => compareNodeImageVersions(`${UBUNTU}-202511.04.0`, `${WINDOWS}-20348.3207.250214`)).toThrow(
      InvalidVersionError,
    );
  });

  it('treats another family as not at target', () => {
    expect(isNodeImageAtTarget(`${WINDOWS}-20348.3207.250214`, `${UBUNTU}-202511.04.0`)).toBe(false);
    expect(isNodeImageAtTarget(`${UBUNTU}-202511.04.0`, `${UBUNTU}-202511.04.0`)).toBe(true);
  });
});

describe('resolveKubernetesTarget', () => {
  it('keeps a target that names a patch, and resolves major.minor to the newest patch the cluster is offered', () => {
    const offered = ['1.33.2', '1.33.5', '1.34.1', '1.33.10-preview', 'garbage'];
    expect(resolveKubernetesTarget('1.33.2', offered)).toBe('1.33.2');
    expect(resolveKubernetesTarget('1.33', offered)).toBe('1.33.5');
    expect(resolveKubernetesTarget('1.35', offered)).toBe('1.35');
    expect(resolveKubernetesTarget('1.33', [])).toBe('1.33');
  });
});

describe('planMemberUpgrade', () => {
  const cluster: ClusterVersionState = {
    kubernetesVersion: '1.28.3',
    agentPools: [
      { name: 'system', orchestratorVersion: '1.28.3', nodeImageVersion: `${UBUNTU}-202510.01.0` },
      { name: 'win', orchestratorVersion: '1.28.3', nodeImageVersion: `${WINDOWS}-20348.3207.250214` },
    ],
  };
  const images = { system: `${UBUNTU}-202511.04.0` };

  it('upgrades the control plane then every agent pool for Full', () => {
    const plan = planMemberUpgrade({ type: 'Full', kubernetesVersion: '1.29.0' }, cluster, images);
    expect(plan).toEqual({
      controlPlane: '1.29.0',
      atTarget: false,
      agentPools: [
        { name: 'system', kubernetesVersion: '1.29.0', nodeImageVersion: `${UBUNTU}-202511.04.0` },
        { name: 'win', kubernetesVersion: '1.29.0' },
      ],
    });
  });

  it('touches only the control plane for ControlPlaneOnly', () => {
    const plan = planMemberUpgrade({ type: 'ControlPlaneOnly', kubernetesVersion: '1.29.0' }, cluster, images);
    expect(plan).toEqual({ controlPlane: '1.29.0', agentPools: [], atTarget: false });
  });

  it('upgrades only node images for NodeImageOnly and leaves pools without a target alone', () => {
    const plan = planMemberUpgrade({ type: 'NodeImageOnly' }, cluster, images);
    expect(plan).toEqual({
      agentPools: [{ name: 'system', nodeImageVersion: `${UBUNTU}-202511.04.0` }],
      atTarget: false,
    });
  });

  it('reports a member already at target with a message for the Skipped state', () => {
    const plan = planMemberUpgrade({ type: 'Full', kubernetesVersion: '1.28.3' }, cluster, {
      system: `${UBUNTU}-202510.01.0`,
    });
    expect(plan.atTarget).toBe(true);
    expect(plan.message).toMatch(/already at or ahead of Kubernetes version 1\.28\.3/);
  });

  it('says, for a Full upgrade below the cluster, that only node images changed and Kubernetes stayed ahead', () => {
    const plan = planMemberUpgrade({ type: 'Full', kubernetesVersion: '1.27.9' }, cluster, images);
    expect(plan.agentPools).toEqual([{ name: 'system', nodeImageVersion: `${UBUNTU}-202511.04.0` }]);
    expect(plan.completedMessage).toBe(
      'Upgrade completed: node images upgraded; Kubernetes stays at 1.28.3, already at or ahead of the target version 1.27.9.',
    );
  });

  it('skips a ControlPlaneOnly member whose control plane is ahead of the target', () => {
    const plan = planMemberUpgrade({ type: 'ControlPlaneOnly', kubernetesVersion: '1.27.9' }, cluster, {});
    expect(plan.atTarget).toBe(true);
  });
});
