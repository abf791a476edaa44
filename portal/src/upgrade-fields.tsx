import { FieldError, invalid } from './stage-editor.js';
import type { StageDraft } from './stage-editor.js';
import type { RegionVersions, UpgradeType } from './types.js';
import { compareVersions } from './ui.js';

/** The create form's state (text fields stay text until the request is built). */
export interface Draft {
  name: string;
  mode: 'one-by-one' | 'stages';
  stages: StageDraft[];
  upgradeType: UpgradeType;
  kubernetesVersion: string;
  nodeImage: 'Latest' | 'Consistent';
  saveAsStrategy: boolean;
  strategyName: string;
}

const SCOPES: Array<[UpgradeType, string]> = [
  ['Full', 'Kubernetes version for both control plane and node pools'],
  ['ControlPlaneOnly', 'Kubernetes version for only the control plane of the cluster'],
  ['NodeImageOnly', 'Node image version only'],
];

/** Each version any region offers, newest first, saying when not every region of the fleet offers it. */
function versionChoices(regions: RegionVersions[]): Array<{ version: string; note: string }> {
  const all = [...new Set(regions.flatMap((r) => r.kubernetesVersions))].sort(compareVersions).reverse();
  return all.map((version) => {
    const missing = regions.filter((r) => !r.kubernetesVersions.includes(version)).map((r) => r.location);
    return { version, note: missing.length > 0 ? ` (not offered in ${missing.join(', ')})` : '' };
  });
}

interface UpgradeProps {
  draft: Draft;
  set: (change: Partial<Draft>) => void;
  errors: Record<string, string>;
  regions: RegionVersions[];
}

/** Upgrade scope, Kubernetes version (from the versions AKS offers the fleet's regions), node image, save as strategy. */
export function UpgradeFields({ draft, set, errors, regions }: UpgradeProps) {
  const versionPath = 'properties.managedClusterUpdate.upgrade.kubernetesVersion';
  return (
    <>
      <fieldset>
        <legend>Upgrade scope</legend>
        {SCOPES.map(([type, label]) => (
          <label key={type} class="check">
            <input
              type="radio"
              name="scope"
              checked={draft.upgradeType === type}
              onChange={() => set({ upgradeType: type })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {draft.upgradeType !== 'NodeImageOnly' ? (
        <label>
          Kubernetes version
          <select
            value={draft.kubernetesVersion}
            onChange={(e) => set({ kubernetesVersion: e.currentTarget.value })}
            {...invalid(errors, versionPath)}
          >
            <option value="">(choose a version)</option>
            {versionChoices(regions).map(({ version, note }) => (
              <option key={version} value={version}>
                {version}
                {note}
              </option>
            ))}
          </select>
          <FieldError errors={errors} path={versionPath} />
        </label>
      ) : null}
      <fieldset>
        <legend>Node image</legend>
        <label class="check">
          <input
            type="radio"
            name="image"
            checked={draft.nodeImage === 'Latest'}
            onChange={() => set({ nodeImage: 'Latest' })}
          />
          Latest: the newest image in each cluster's region
        </label>
        <label class="check">
          <input
            type="radio"
            name="image"
            checked={draft.nodeImage === 'Consistent'}
            onChange={() => set({ nodeImage: 'Consistent' })}
          />
          Consistent: the latest image common to every region of the run
        </label>
      </fieldset>
      {draft.mode === 'stages' ? (
        <fieldset>
          <legend>Save as strategy</legend>
          <label class="check">
            <input
              type="checkbox"
              checked={draft.saveAsStrategy}
              onChange={(e) => set({ saveAsStrategy: e.currentTarget.checked })}
            />
            Save these stages as an update strategy
          </label>
          {draft.saveAsStrategy ? (
            <label>
              Strategy name
              <input value={draft.strategyName} onInput={(e) => set({ strategyName: e.currentTarget.value })} />
            </label>
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}
