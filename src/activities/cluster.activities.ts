import {
  isKubernetesVersionAtTarget,
  parseKubernetesVersion,
  maintenanceConfigurationFor,
  type MaintenanceConfigurationName,
  type MaintenanceWindow,
  type MemberImageInfo,
} from '../domain';
import type { ClusterClient, ClusterSnapshot, LatestNodeImages } from '../clusters/cluster-client';
import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';
import type { ClusterErrorDetail, OperationHandle, OperationPoll } from '../clusters/operation-handle.schema';
import {
  BeginStepInputSchema,
  InspectMemberInputSchema,
  InventoryInputSchema,
  PlanMemberInputSchema,
  PollStepInputSchema,
  type ActivityResult,
  type BeginStepInput,
  type InspectMemberInput,
  type InventoryInput,
  type PlanMemberInput,
  type PollStepInput,
} from './cluster-activity.schema';
import { decideMemberPlan, memberImageInfo, type MemberPlanDecision } from './cluster-member-plan';

/** What inspectMember saw: the cluster, the window that governs this upgrade type, and the newest images. */
export interface MemberInspection {
  snapshot: ClusterSnapshot;
  windowConfiguration: MaintenanceConfigurationName;
  window?: MaintenanceWindow;
  latestImages: LatestNodeImages;
  /** Versions the control plane is offered, read when the target names no patch (to name the one it gets). */
  kubernetesUpgrades?: string[];
  /** Kubernetes versions the cluster's region offers, read when the cluster is behind the Kubernetes target. */
  offeredKubernetesVersions?: string[];
}

/** collectNodeImageInventory's answer: input for selectConsistentNodeImages, and Members that could not be read. */
export interface NodeImageInventory {
  members: MemberImageInfo[];
  failures: Array<{ member: string; error: ClusterErrorDetail }>;
}

/**
 * Runs an activity body: input errors and terminal cluster errors come back as `{ ok: false, error }` so the
 * orchestrator fails the Member with ARM's code and message; retriable ones are thrown as RetriableClusterError
 * (read with parseRetriableFailure, wait retryAfterSeconds on a durable timer, call again).
 */
async function asResult<T>(work: () => Promise<T>): Promise<ActivityResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const classified = classifyClusterError(error);
    if (classified instanceof RetriableClusterError) throw classified;
    return { ok: false, error: { code: classified.code, message: classified.message } };
  }
}

/** Whether the cluster's control plane or a pool is behind the Kubernetes target (its region's offer then matters). */
function behindKubernetesTarget(snapshot: ClusterSnapshot, target: string): boolean {
  const versions = [snapshot.currentKubernetesVersion, ...snapshot.agentPools.map((p) => p.currentOrchestratorVersion)];
  return versions.some((version) => !isKubernetesVersionAtTarget(version, target));
}

async function inspect(client: ClusterClient, input: InspectMemberInput): Promise<MemberInspection> {
  const { clusterResourceId, upgradeType, kubernetesVersion } = InspectMemberInputSchema.parse(input);
  const windowConfiguration = maintenanceConfigurationFor(upgradeType);
  const target = upgradeType !== 'NodeImageOnly' ? kubernetesVersion : undefined;
  const alias = target !== undefined && parseKubernetesVersion(target).patch === undefined;
  const cluster = client.getCluster(clusterResourceId);
  const [snapshot, window, latestImages, kubernetesUpgrades, offeredKubernetesVersions] = await Promise.all([
    cluster,
    client.getMaintenanceWindow(clusterResourceId, windowConfiguration),
    upgradeType === 'ControlPlaneOnly' ? Promise.resolve({}) : client.getLatestNodeImages(clusterResourceId),
    alias ? client.getKubernetesUpgrades(clusterResourceId) : Promise.resolve(undefined),
    cluster.then((seen) =>
      target !== undefined && behindKubernetesTarget(seen, target)
        ? client.getKubernetesVersions(clusterResourceId, seen.location, target)
        : undefined,
    ),
  ]);
  return {
    snapshot,
    windowConfiguration,
    ...(window ? { window } : {}),
    latestImages,
    ...(kubernetesUpgrades ? { kubernetesUpgrades } : {}),
    ...(offeredKubernetesVersions ? { offeredKubernetesVersions } : {}),
  };
}

function begin(client: ClusterClient, input: BeginStepInput): Promise<OperationHandle> {
  const { clusterResourceId: id, step } = BeginStepInputSchema.parse(input);
  switch (step.kind) {
    case 'ControlPlane':
      return client.beginControlPlaneUpgrade(id, step.kubernetesVersion);
    case 'AgentPool':
      return client.beginAgentPoolUpgrade(id, step.agentPoolName, {
        orchestratorVersion: step.kubernetesVersion,
        ...(step.nodeImageVersion ? { nodeImageVersion: step.nodeImageVersion } : {}),
      });
    case 'NodeImage':
      return client.beginNodeImageUpgrade(id, step.agentPoolName, step.nodeImageVersion);
  }
}

/** planMember's decision from what inspectMember read (the reading may be a moment older than `now`). */
export function decideInspected(input: PlanMemberInput, seen: MemberInspection): MemberPlanDecision {
  const parsed = PlanMemberInputSchema.parse(input);
  return decideMemberPlan({
    ...parsed,
    snapshot: seen.snapshot,
    window: seen.window,
    latestImages: seen.latestImages,
    kubernetesUpgrades: seen.kubernetesUpgrades ?? [],
    offeredKubernetesVersions: seen.offeredKubernetesVersions ?? [],
  });
}

/**
 * The cluster activities over a ClusterClient port (ArmClusterClient in the app, FakeClusterClient in tests).
 * Plain async functions: the orchestration files register them with `df.app.activity`. Inputs are validated with
 * zod and every value is plain JSON; instants are ISO strings.
 */
export function createClusterActivities(client: ClusterClient) {
  return {
    /** Reads a Member's cluster, its maintenance window for the upgrade type and its pools' newest images. */
    inspectMember: (input: InspectMemberInput): Promise<ActivityResult<MemberInspection>> =>
      asResult(() => inspect(client, input)),

    /** Decides skip / wait (closed window, with the next opening) / upgrade (ordered steps) for a Member at `now`. */
    planMember: (input: PlanMemberInput): Promise<ActivityResult<MemberPlanDecision>> =>
      asResult(async () => {
        const parsed = PlanMemberInputSchema.parse(input);
        const { type, kubernetesVersion } = parsed.upgrade;
        const seen = await inspect(client, {
          clusterResourceId: parsed.clusterResourceId,
          upgradeType: type,
          ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        });
        return decideInspected(parsed, seen);
      }),

    /** Starts one step, idempotently (a re-run finds the running or finished upgrade); returns its handle. */
    beginStep: (input: BeginStepInput): Promise<ActivityResult<OperationHandle>> =>
      asResult(() => begin(client, input)),

    /** Polls a step once. A Failed/Canceled operation is `ok: true` with `status` and ARM's `error`: fail the Member. */
    pollStep: (input: PollStepInput): Promise<ActivityResult<OperationPoll>> =>
      asResult(() => client.pollOperation(PollStepInputSchema.parse(input))),

    /** Reads every Member's pools and newest images, for selectConsistentNodeImages at run start. */
    collectNodeImageInventory: (input: InventoryInput): Promise<ActivityResult<NodeImageInventory>> =>
      asResult(async () => {
        const { members } = InventoryInputSchema.parse(input);
        const inventory: NodeImageInventory = { members: [], failures: [] };
        const read = await Promise.all(
          members.map(async ({ member, clusterResourceId }) => {
            const result = await asResult(async () => {
              const [snapshot, latest] = await Promise.all([
                client.getCluster(clusterResourceId),
                client.getLatestNodeImages(clusterResourceId),
              ]);
              return memberImageInfo(member, snapshot, latest);
            });
            return { member, result };
          }),
        );
        for (const { member, result } of read) {
          if (result.ok) inventory.members.push(result.value);
          else inventory.failures.push({ member, error: result.error });
        }
        return inventory;
      }),
  };
}

/** The activity functions createClusterActivities returns (type fakes and registrations against it). */
export type ClusterActivities = ReturnType<typeof createClusterActivities>;
