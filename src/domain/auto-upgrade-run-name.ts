import type { ChannelTarget } from './auto-upgrade';

/** Update run names: a lowercase DNS label of at most 50 characters. */
export const MAX_RUN_NAME_LENGTH = 50;

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable fingerprint (not a security hash). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function slugOf(target: Exclude<ChannelTarget, { kind: 'None' }>): string {
  if (target.kind === 'Kubernetes') return target.kubernetesVersion.replaceAll('.', '-');
  return `nodeimage-${fingerprint(target.nodeImageVersions.join(','))}`;
}

/**
 * The name of the run a profile makes for a target, derived from both as Fleet derives it: the same profile and
 * target always name the same run, so a double fire, two instances firing at once, or a crash between creating and
 * starting the run still give exactly one run (`stable-1-33-5`, `images-nodeimage-1a2b3c4d`). A profile name too long
 * to fit is cut and made unique again with its fingerprint.
 */
export function autoUpgradeRunName(profileName: string, target: Exclude<ChannelTarget, { kind: 'None' }>): string {
  const slug = slugOf(target);
  const name = `${profileName}-${slug}`;
  if (name.length <= MAX_RUN_NAME_LENGTH) return name;
  const room = MAX_RUN_NAME_LENGTH - slug.length - fingerprint('').length - 2;
  const head = profileName.slice(0, Math.max(room, 0)).replace(/-+$/, '');
  return [head, fingerprint(profileName), slug].filter((part) => part !== '').join('-');
}
