import { InvalidVersionError } from './errors';

/** A Kubernetes version; `patch` is undefined when only `major.minor` was given. */
export interface KubernetesVersion {
  major: number;
  minor: number;
  patch?: number;
}

const KUBERNETES_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Parses `1.28.3`, `1.28` or `v1.28.3`; throws InvalidVersionError (400) otherwise. */
export function parseKubernetesVersion(value: string): KubernetesVersion {
  const match = KUBERNETES_VERSION.exec(value.trim());
  if (!match) throw new InvalidVersionError(value, 'kubernetes');
  const [, major, minor, patch] = match;
  return patch === undefined
    ? { major: Number(major), minor: Number(minor) }
    : { major: Number(major), minor: Number(minor), patch: Number(patch) };
}

/**
 * True when `current` is at or ahead of `target`. Only the parts the target names are compared, so a target of
 * `1.28` is met by any `1.28.x`.
 */
export function isKubernetesVersionAtTarget(current: string, target: string): boolean {
  const x = parseKubernetesVersion(current);
  const y = parseKubernetesVersion(target);
  if (x.major !== y.major) return x.major > y.major;
  if (x.minor !== y.minor) return x.minor > y.minor;
  return y.patch === undefined || (x.patch ?? 0) >= y.patch;
}

/**
 * The version an upgrade to `target` moves to: `target` itself when it names a patch, else the newest patch of its
 * minor among `offered` (what the cluster may upgrade to, as AKS resolves `1.33`), or `target` when none is offered.
 */
export function resolveKubernetesTarget(target: string, offered: readonly string[]): string {
  const wanted = parseKubernetesVersion(target);
  if (wanted.patch !== undefined) return target;
  let best: { version: string; patch: number } | undefined;
  for (const version of offered) {
    if (!KUBERNETES_VERSION.test(version.trim())) continue; // a preview or malformed entry is never chosen
    const v = parseKubernetesVersion(version);
    if (v.major !== wanted.major || v.minor !== wanted.minor || v.patch === undefined) continue;
    if (!best || v.patch > best.patch) best = { version, patch: v.patch };
  }
  return best?.version ?? target;
}

/** A node image version split into its family and its dotted numeric version. */
export interface NodeImageVersionParts {
  family: string;
  version: string;
  numbers: number[];
}

/**
 * Parses `AKSUbuntu-2204gen2containerd-202511.04.0`: the family is the text before the last `-`, the version the
 * dotted numbers after it (`YYYYMM.DD.N` on Linux, `20348.3207.250214` on Windows).
 */
export function parseNodeImageVersion(value: string): NodeImageVersionParts {
  const cut = value.lastIndexOf('-');
  const family = value.slice(0, Math.max(cut, 0));
  const version = value.slice(cut + 1);
  if (cut <= 0 || !/^\d+(\.\d+)*$/.test(version)) throw new InvalidVersionError(value, 'nodeImage');
  return { family, version, numbers: version.split('.').map(Number) };
}

/** The image family of a node image version (text before the last `-`). */
export function nodeImageFamily(value: string): string {
  return parseNodeImageVersion(value).family;
}

/** Orders two node image versions of one family numerically, segment by segment; throws if families differ. */
export function compareNodeImageVersions(a: string, b: string): number {
  const x = parseNodeImageVersion(a);
  const y = parseNodeImageVersion(b);
  if (x.family !== y.family) throw new InvalidVersionError(`${a} vs ${b}`, 'nodeImage');
  const length = Math.max(x.numbers.length, y.numbers.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** True when `current` is the same family as `target` and at or ahead of it. */
export function isNodeImageAtTarget(current: string, target: string): boolean {
  return nodeImageFamily(current) === nodeImageFamily(target) && compareNodeImageVersions(current, target) >= 0;
}
