import type { ApiVersion } from './api-version';
import type { AutoUpgradeProfileDoc } from './auto-upgrade-profile.schema';
import type { FleetDoc } from './fleet.schema';
import type { GateDoc } from './gate.schema';
import { CHILD_TYPES, FLEET_TYPE, formatChildId, formatFleetId, type FleetRef } from './ids';
import type { MemberDoc } from './member.schema';
import type { ResourceMeta } from './resource';
import { strategyFor, type UpdateRunStrategy } from './strategy.schema';
import type { UpdateRunDoc } from './update-run.schema';
import type { UpdateGroupStatus, UpdateRunStatus, UpdateStageStatus, UpdateStatus } from './update-run-status';

function envelope(id: string, type: string, meta: ResourceMeta) {
  return { id, name: meta.name, type, systemData: meta.systemData, eTag: meta.eTag };
}

/** A fleet as ARM returns it. */
export function fleetView(meta: ResourceMeta, doc: FleetDoc) {
  const ref = { subscriptionId: doc.subscriptionId, resourceGroupName: doc.resourceGroupName, fleetName: meta.name };
  return {
    ...envelope(formatFleetId(ref), FLEET_TYPE, meta),
    location: doc.location,
    tags: doc.tags,
    ...(doc.identity ? { identity: doc.identity } : {}),
    properties: {
      provisioningState: meta.provisioningState,
      ...(doc.hubProfile ? { hubProfile: doc.hubProfile } : {}),
    },
  };
}

/** A fleet member as ARM returns it under `version` (labels only from 2026-06-01). */
export function memberView(fleet: FleetRef, meta: ResourceMeta, doc: MemberDoc, version: ApiVersion) {
  return {
    ...envelope(formatChildId({ ...fleet, kind: 'members', name: meta.name }), CHILD_TYPES.members, meta),
    properties: {
      clusterResourceId: doc.clusterResourceId,
      ...(doc.group !== undefined ? { group: doc.group } : {}),
      ...(version === '2026-06-01' && doc.labels !== undefined ? { labels: doc.labels } : {}),
      provisioningState: meta.provisioningState,
    },
  };
}

/** A gate as ARM returns it (api-version 2026-06-01). */
export function gateView(fleet: FleetRef, meta: ResourceMeta, doc: GateDoc) {
  return {
    ...envelope(formatChildId({ ...fleet, kind: 'gates', name: meta.name }), CHILD_TYPES.gates, meta),
    properties: {
      provisioningState: meta.provisioningState,
      ...(doc.displayName !== undefined ? { displayName: doc.displayName } : {}),
      gateType: doc.gateType,
      target: doc.target,
      state: doc.state,
    },
  };
}

/** An auto-upgrade profile as ARM returns it under `version` (targetKubernetesVersion and LTS from 2026-06-01). */
export function autoUpgradeProfileView(
  fleet: FleetRef,
  meta: ResourceMeta,
  doc: AutoUpgradeProfileDoc,
  version: ApiVersion,
) {
  const id = formatChildId({ ...fleet, kind: 'autoUpgradeProfiles', name: meta.name });
  const since2026 = version === '2026-06-01';
  return {
    ...envelope(id, CHILD_TYPES.autoUpgradeProfiles, meta),
    properties: {
      provisioningState: meta.provisioningState,
      channel: doc.channel,
      ...(doc.updateStrategyId !== undefined ? { updateStrategyId: doc.updateStrategyId } : {}),
      ...(doc.nodeImageSelection !== undefined ? { nodeImageSelection: doc.nodeImageSelection } : {}),
      disabled: doc.disabled,
      ...(since2026 && doc.targetKubernetesVersion !== undefined
        ? { targetKubernetesVersion: doc.targetKubernetesVersion }
        : {}),
      ...(since2026 && doc.longTermSupport !== undefined ? { longTermSupport: doc.longTermSupport } : {}),
      ...(doc.status !== undefined ? { autoUpgradeProfileStatus: doc.status } : {}),
    },
  };
}

export function updateStrategyView(
  fleet: FleetRef,
  meta: ResourceMeta,
  doc: { strategy: UpdateRunStrategy },
  version: ApiVersion,
) {
  return {
    ...envelope(
      formatChildId({ ...fleet, kind: 'updateStrategies', name: meta.name }),
      CHILD_TYPES.updateStrategies,
      meta,
    ),
    properties: { provisioningState: meta.provisioningState, strategy: strategyFor(doc.strategy, version) },
  };
}

export function updateRunView(
  fleet: FleetRef,
  meta: ResourceMeta,
  doc: UpdateRunDoc,
  status: UpdateRunStatus,
  version: ApiVersion,
) {
  return {
    ...envelope(formatChildId({ ...fleet, kind: 'updateRuns', name: meta.name }), CHILD_TYPES.updateRuns, meta),
    properties: {
      provisioningState: meta.provisioningState,
      ...(doc.updateStrategyId !== undefined ? { updateStrategyId: doc.updateStrategyId } : {}),
      ...(doc.strategy !== undefined ? { strategy: strategyFor(doc.strategy, version) } : {}),
      managedClusterUpdate: doc.managedClusterUpdate,
      ...(doc.autoUpgradeProfileId !== undefined ? { autoUpgradeProfileId: doc.autoUpgradeProfileId } : {}),
      status: runStatusFor(status, version),
    },
  };
}

/** 2025-03-01 knows neither Pending (shown as Running) nor gates nor resolved concurrency nor failure counts. */
export function runStatusFor(status: UpdateRunStatus, version: ApiVersion): UpdateRunStatus {
  if (version === '2026-06-01') return status;
  const state = (s: UpdateStatus): UpdateStatus => (s.state === 'Pending' ? { ...s, state: 'Running' } : s);
  const group = (g: UpdateGroupStatus): UpdateGroupStatus => ({
    name: g.name,
    status: state(g.status),
    members: g.members.map((m) => ({ ...m, status: state(m.status) })),
  });
  const stage = (s: UpdateStageStatus): UpdateStageStatus => ({
    name: s.name,
    status: state(s.status),
    groups: s.groups.map(group),
    ...(s.afterStageWaitStatus
      ? { afterStageWaitStatus: { ...s.afterStageWaitStatus, status: state(s.afterStageWaitStatus.status) } }
      : {}),
  });
  const { failureCount: _failures, ...known } = status;
  return { ...known, status: state(status.status), stages: status.stages.map(stage) };
}
