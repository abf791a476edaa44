import type { Catalog, CatalogVersion } from './catalog.schema';
import {
  compareNodeImages,
  compareVersions,
  minorDistance,
  minorOf,
  nodeImageFamily,
  normalizeLocation,
} from './versions';

/** Read-only questions about a catalog, all scoped to one region. */
export class CatalogView {
  constructor(readonly catalog: Catalog) {}

  regions(): string[] {
    return Object.keys(this.catalog.nodeImages).map(normalizeLocation);
  }

  hasRegion(location: string): boolean {
    return this.regions().includes(normalizeLocation(location));
  }

  /** Versions offered in a region, oldest first. */
  versions(location: string): CatalogVersion[] {
    const region = normalizeLocation(location);
    return this.catalog.kubernetesVersions
      .filter((v) => !v.regions || v.regions.map(normalizeLocation).includes(region))
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  find(location: string, version: string): CatalogVersion | undefined {
    return this.versions(location).find((v) => v.version === version);
  }

  /** `1.31` → newest `1.31.x` offered in the region. */
  newestPatch(location: string, minor: string): string | undefined {
    return this.versions(location)
      .filter((v) => minorOf(v.version) === minor)
      .at(-1)?.version;
  }

  isLtsMinor(version: string): boolean {
    const minor = minorOf(version);
    return this.catalog.kubernetesVersions.some((v) => v.lts === true && minorOf(v.version) === minor);
  }

  defaultVersion(location: string): string | undefined {
    if (this.catalog.defaultKubernetesVersion) return this.catalog.defaultKubernetesVersion;
    const ga = this.versions(location).filter((v) => v.preview !== true);
    const minors = [...new Set(ga.map((v) => minorOf(v.version)))];
    const minor = minors.at(-2) ?? minors.at(-1);
    return minor === undefined ? undefined : this.newestPatch(location, minor);
  }

  /** Control-plane upgrades AKS allows from `current`: newer patches, the next minor, or a higher LTS minor. */
  controlPlaneUpgrades(location: string, current: string): CatalogVersion[] {
    const lts = this.isLtsMinor(current);
    return this.versions(location).filter((v) => {
      if (compareVersions(v.version, current) <= 0) return false;
      const distance = minorDistance(current, v.version);
      return distance <= 1 || (lts && this.isLtsMinor(v.version));
    });
  }

  nodeImages(location: string): string[] {
    const entry = Object.entries(this.catalog.nodeImages).find(
      ([r]) => normalizeLocation(r) === normalizeLocation(location),
    );
    return entry ? entry[1] : [];
  }

  latestNodeImage(location: string, family: string): string | undefined {
    return this.nodeImages(location)
      .filter((image) => nodeImageFamily(image) === family)
      .sort(compareNodeImages)
      .at(-1);
  }
}

/** The node image family AKS uses for a pool's OS type and SKU. */
export function familyFor(osType: string, osSKU: string): string {
  if (osType === 'Windows')
    return osSKU === 'Windows2019' ? 'AKSWindows-2019-containerd' : 'AKSWindows-2022-containerd';
  if (osSKU === 'AzureLinux' || osSKU === 'CBLMariner') return 'AKSAzureLinux-V2gen2';
  return 'AKSUbuntu-2204gen2containerd';
}
