import { describe, expect, it } from 'vitest';
import { CatalogView, familyFor } from '../../src/catalog';
import { DEFAULT_CATALOG } from '../../src/catalog.schema';
import {
  compareNodeImages,
  compareVersions,
  minorDistance,
  nodeImageFamily,
  normalizeLocation,
} from '../../src/versions';

describe('versions and node images', () => {
  it('orders Kubernetes versions numerically, not as text', () => {
    expect(['1.9.0', '1.31.13', '1.31.8', '1.27.102'].sort(compareVersions)).toEqual([
      '1.9.0',
      '1.27.102',
      '1.31.8',
      '1.31.13',
    ]);
  });

  it('measures the minor distance between versions', () => {
    expect(minorDistance('1.27.102', '1.30.14')).toBe(3);
    expect(minorDistance('1.31.8', '1.31.13')).toBe(0);
  });

  it('takes the family of a node image as the text before the last dash', () => {
    expect(nodeImageFamily('AKSUbuntu-2204gen2containerd-202511.04.0')).toBe('AKSUbuntu-2204gen2containerd');
    expect(nodeImageFamily('AKSWindows-2022-containerd-20348.4405.251104')).toBe('AKSWindows-2022-containerd');
  });

  it('orders node images of a family by their dotted version', () => {
    const images = ['AKSUbuntu-2204gen2containerd-202511.04.0', 'AKSUbuntu-2204gen2containerd-202510.19.0'];
    expect(images.sort(compareNodeImages)[0]).toBe('AKSUbuntu-2204gen2containerd-202510.19.0');
  });

  it('normalises ARM location display names', () => {
    expect(normalizeLocation('West Europe')).toBe('westeurope');
  });

  it('maps OS SKUs to node image families', () => {
    expect(familyFor('Linux', 'AzureLinux')).toBe('AKSAzureLinux-V2gen2');
    expect(familyFor('Windows', 'Windows2022')).toBe('AKSWindows-2022-containerd');
    expect(familyFor('Linux', 'Ubuntu')).toBe('AKSUbuntu-2204gen2containerd');
  });
});

describe('catalog view', () => {
  const catalog = new CatalogView(DEFAULT_CATALOG);

  it('offers the newer patches and the next minor as control-plane upgrades', () => {
    expect(catalog.controlPlaneUpgrades('eastus', '1.32.6').map((v) => v.version)).toEqual(['1.32.9', '1.33.5']);
  });

  it('lets an LTS minor reach a higher LTS minor', () => {
    expect(catalog.controlPlaneUpgrades('eastus', '1.27.102').map((v) => v.version)).toEqual([
      '1.28.15',
      '1.30.12',
      '1.30.14',
    ]);
  });

  it('answers the newest node image of a family per region', () => {
    expect(catalog.latestNodeImage('East US', 'AKSUbuntu-2204gen2containerd')).toBe(
      'AKSUbuntu-2204gen2containerd-202511.04.0',
    );
    expect(catalog.latestNodeImage('westeurope', 'AKSUbuntu-2204gen2containerd')).toBe(
      'AKSUbuntu-2204gen2containerd-202510.19.0',
    );
  });

  it('restricts versions to the regions that offer them', () => {
    const regional = new CatalogView({
      ...DEFAULT_CATALOG,
      kubernetesVersions: [...DEFAULT_CATALOG.kubernetesVersions, { version: '1.33.9', regions: ['westeurope'] }],
    });
    expect(regional.find('eastus', '1.33.9')).toBeUndefined();
    expect(regional.newestPatch('westeurope', '1.33')).toBe('1.33.9');
  });

  it('defaults to the newest patch of the second-newest GA minor', () => {
    expect(catalog.defaultVersion('eastus')).toBe('1.32.9');
  });
});
