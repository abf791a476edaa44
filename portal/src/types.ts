/** The API's resource shapes as the page reads them (api-version 2026-06-01); fields the page does not use are left out. */
export type UpdateState =
  'NotStarted' | 'Running' | 'Stopping' | 'Stopped' | 'Skipped' | 'Failed' | 'Pending' | 'Completed';

export interface UpdateStatus {
  state?: UpdateState;
  startTime?: string;
  completedTime?: string;
  error?: { code?: string; message?: string };
}

export interface GateStatus {
  displayName?: string;
  gateId?: string;
  status: UpdateStatus;
}

export interface MemberUpdateStatus {
  name: string;
  clusterResourceId?: string;
  operationId?: string;
  message?: string;
  status: UpdateStatus;
}

export interface UpdateGroupStatus {
  name: string;
  status: UpdateStatus;
  members: MemberUpdateStatus[];
  beforeGates?: GateStatus[];
  afterGates?: GateStatus[];
}

export interface UpdateStageStatus {
  name: string;
  status: UpdateStatus;
  groups: UpdateGroupStatus[];
  afterStageWaitStatus?: { status: UpdateStatus; waitDurationInSeconds?: number };
  beforeGates?: GateStatus[];
  afterGates?: GateStatus[];
}

export interface GateConfig {
  displayName?: string;
  type: 'Approval';
}

export interface StrategyGroup {
  name: string;
  beforeGates?: GateConfig[];
  afterGates?: GateConfig[];
}

export interface StrategyStage {
  name: string;
  groups: StrategyGroup[];
  afterStageWaitInSeconds?: number;
  beforeGates?: GateConfig[];
  afterGates?: GateConfig[];
}

export type UpgradeType = 'Full' | 'ControlPlaneOnly' | 'NodeImageOnly';

export interface ManagedClusterUpdate {
  upgrade: { type: UpgradeType; kubernetesVersion?: string };
  nodeImageSelection?: { type: 'Latest' | 'Consistent' | 'Custom' };
}

export interface UpdateRun {
  id: string;
  name: string;
  properties: {
    updateStrategyId?: string;
    autoUpgradeProfileId?: string;
    strategy?: { stages: StrategyStage[] };
    managedClusterUpdate: ManagedClusterUpdate;
    status?: {
      status: UpdateStatus;
      stages: UpdateStageStatus[];
      nodeImageSelection?: { selectedNodeImageVersions?: Array<{ version: string }> };
    };
  };
}

export interface UpdateStrategy {
  id: string;
  name: string;
  properties: { strategy: { stages: StrategyStage[] } };
}

export interface Fleet {
  id: string;
  name: string;
  location: string;
}

export interface AgentPoolView {
  name: string;
  mode?: string;
  osType?: string;
  orchestratorVersion?: string;
  currentOrchestratorVersion?: string;
  nodeImageVersion?: string;
}

/** A member and its cluster as GET …/fleets/{fleet}/memberClusters returns them. */
export interface MemberCluster {
  name: string;
  properties: {
    clusterResourceId: string;
    group?: string;
    labels?: Record<string, string>;
    location?: string;
    kubernetesVersion?: string;
    currentKubernetesVersion?: string;
    agentPools?: AgentPoolView[];
    error?: { code: string; message: string };
  };
}

export interface RegionVersions {
  location: string;
  memberCount: number;
  kubernetesVersions: string[];
}

export interface Gate {
  id: string;
  name: string;
  properties: {
    displayName?: string;
    state: 'Pending' | 'Skipped' | 'Completed';
    target: { id: string; updateRunProperties?: { name: string; stage?: string; group?: string; timing: string } };
  };
}

export type UpgradeChannel = 'Stable' | 'Rapid' | 'NodeImage' | 'TargetKubernetesVersion';

export interface AutoUpgradeProfile {
  id: string;
  name: string;
  properties: {
    channel: UpgradeChannel;
    updateStrategyId?: string;
    nodeImageSelection?: { type: 'Latest' | 'Consistent' };
    disabled?: boolean;
    targetKubernetesVersion?: string;
    longTermSupport?: boolean;
    autoUpgradeProfileStatus?: {
      lastTriggeredAt?: string;
      lastTriggerStatus?: 'Succeeded' | 'Failed';
      lastTriggerError?: { code?: string; message?: string };
      lastTriggerUpgradeVersions?: string[];
      lastTriggerMessage?: string;
    };
  };
}
