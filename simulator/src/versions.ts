/** A parsed `major.minor.patch` Kubernetes version. */
export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

const SEMVER = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

export function parseVersion(text: string): Semver | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: match[3] === undefined ? -1 : Number(match[3]) };
}

/** True for `1.31` (no patch): AKS then picks the newest patch of that minor. */
export function isMinorOnly(text: string): boolean {
  return parseVersion(text)?.patch === -1;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return a.localeCompare(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** `1.31.8` → `1.31`. */
export function minorOf(version: string): string {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : version;
}

/** Distance in minor versions from `a` up to `b` (same major assumed, as for Kubernetes 1.x). */
export function minorDistance(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return 0;
  return (y.major - x.major) * 1000 + (y.minor - x.minor);
}

/** Node image family: the text before the last `-` (`AKSUbuntu-2204gen2containerd-202511.04.0`). */
export function nodeImageFamily(image: string): string {
  const at = image.lastIndexOf('-');
  return at <= 0 ? image : image.slice(0, at);
}

/** Compares node image versions of one family by their numeric dotted suffix. */
export function compareNodeImages(a: string, b: string): number {
  const parts = (image: string): number[] =>
    image
      .slice(image.lastIndexOf('-') + 1)
      .split('.')
      .map((p) => Number(p) || 0);
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** ARM location names compare without case or spaces (`East US` = `eastus`). */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
