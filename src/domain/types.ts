/** The state shared by UpdateRun, Stage, Group, Member and AfterStageWait (ARM `UpdateState`). */
export type UpdateState =
  'NotStarted' | 'Running' | 'Pending' | 'Stopping' | 'Stopped' | 'Skipped' | 'Failed' | 'Completed';

/** Every UpdateState, in the order the ARM enum lists them. */
export const UPDATE_STATES: readonly UpdateState[] = [
  'NotStarted',
  'Running',
  'Stopping',
  'Stopped',
  'Skipped',
  'Failed',
  'Pending',
  'Completed',
];

/** A point in time: an ISO-8601 string or epoch milliseconds. The domain never reads the clock. */
export type Instant = string | number;

/** ARM `ErrorDetail` as carried inside an UpdateStatus. */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
}

/** ARM `UpdateStatus`: state plus start/completion times and the error that ended it. */
export interface UpdateStatus {
  state: UpdateState;
  startTime?: string;
  completedTime?: string;
  error?: ErrorDetail;
}

/** The type of upgrade an UpdateRun applies to each Member. */
export type ManagedClusterUpgradeType = 'Full' | 'NodeImageOnly' | 'ControlPlaneOnly';

/** How the target node image of each agent pool is chosen. */
export type NodeImageSelectionType = 'Latest' | 'Consistent' | 'Custom';

/** A full node image version such as `AKSUbuntu-2204gen2containerd-202511.04.0`. */
export interface NodeImageVersion {
  version: string;
}

/** The upgrade to apply (`managedClusterUpdate.upgrade`). */
export interface ManagedClusterUpgradeSpec {
  type: ManagedClusterUpgradeType;
  kubernetesVersion?: string;
}

/** The node image selection (`managedClusterUpdate.nodeImageSelection`). */
export interface NodeImageSelection {
  type: NodeImageSelectionType;
  customNodeImageVersions?: NodeImageVersion[];
}
