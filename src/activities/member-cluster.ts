import type { ClusterClient } from '../clusters/cluster-client';
import { classifyClusterError, TerminalClusterError } from '../clusters/cluster-errors';
import type { OperationHandle, OperationPoll } from '../clusters/operation-handle.schema';
import type { ErrorDetail, ManagedClusterUpdateData } from '../orchestrators/contracts';
import type { UpgradeStep } from './cluster-activity.schema';
import { createClusterActivities, decideInspected, type MemberInspection } from './cluster.activities';
import { describe, retryOf, type StepBegin, type StepPoll } from './member-step';

// A member's calls to its cluster: read, decide, begin a step, poll it. Every outcome comes back as data (terminal
// errors fail the member, retriable ones are retried).

/** When a window is closed with no known next opening, look again after this long. */
const NO_OPENING_RECHECK_MS = 3_600_000;
const DEFAULT_FAILURE_CODE = 'UpgradeFailed';

/** What a member's update decides on: its cluster, and the run's update goal at `now`. */
export interface MemberTarget {
  /** The fleet member's name, as its messages name it. */
  memberName: string;
  clusterResourceId: string;
  managedClusterUpdate: ManagedClusterUpdateData;
  selectedNodeImageVersions?: string[];
  now: string;
}

/** What a member's update decided from its cluster; `wait` with `error` while its region does not offer a target. */
export type MemberPlan =
  | { action: 'skip'; message: string }
  | { action: 'wait'; nextAttemptAt: string; message: string; error?: ErrorDetail }
  | { action: 'upgrade'; steps: UpgradeStep[]; completedMessage?: string }
  | { action: 'fail'; error: ErrorDetail }
  | { action: 'retry'; retryAfterSeconds: number; error: ErrorDetail };

/** What a member's update read from its cluster, or the outcome of a read that failed. */
export type Reading = { seen: MemberInspection } | { plan: Extract<MemberPlan, { action: 'fail' | 'retry' }> };

/** How long a member whose target its region does not offer yet waits before it is checked again. */
export interface MemberClusterOptions {
  versionRecheckSeconds: number;
}

/** A member's calls to its cluster over a ClusterClient, with their outcomes as data. */
export function createMemberClusterSteps(client: ClusterClient, options: MemberClusterOptions) {
  const cluster = createClusterActivities(client);
  return {
    /** Reads what a member's turn decides on: its cluster, its maintenance window, its pools' newest images. */
    async read(input: MemberTarget): Promise<Reading> {
      try {
        const { type, kubernetesVersion } = input.managedClusterUpdate.upgrade;
        const result = await cluster.inspectMember({
          clusterResourceId: input.clusterResourceId,
          upgradeType: type,
          ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        });
        return result.ok ? { seen: result.value } : { plan: { action: 'fail', error: result.error } };
      } catch (error) {
        return { plan: { action: 'retry', ...retryOf(error) } };
      }
    },

    decide(input: MemberTarget, seen: MemberInspection): MemberPlan {
      const decision = decideInspected(
        {
          clusterResourceId: input.clusterResourceId,
          upgrade: input.managedClusterUpdate.upgrade,
          ...(input.managedClusterUpdate.nodeImageSelection
            ? { nodeImageSelection: input.managedClusterUpdate.nodeImageSelection }
            : {}),
          selectedNodeImageVersions: (input.selectedNodeImageVersions ?? []).map((version) => ({ version })),
          now: input.now,
          member: input.memberName,
        },
        seen,
      );
      if (decision.action === 'wait') {
        const { nextOpening, message, notAvailable } = decision;
        const recheckMs = notAvailable ? options.versionRecheckSeconds * 1000 : NO_OPENING_RECHECK_MS;
        const next = nextOpening ?? new Date(Date.parse(input.now) + recheckMs).toISOString();
        return { action: 'wait', nextAttemptAt: next, message, ...(notAvailable ? { error: notAvailable } : {}) };
      }
      return decision;
    },
    async beginStep(clusterResourceId: string, step: UpgradeStep): Promise<StepBegin> {
      try {
        const result = await cluster.beginStep({ clusterResourceId, step });
        if (!result.ok) return { outcome: 'failed', error: result.error };
        return { outcome: 'started', handle: result.value, message: describe(step) };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },

    async poll(handle: OperationHandle): Promise<StepPoll> {
      try {
        const result = await cluster.pollStep(handle);
        return result.ok ? toStepPoll(result.value) : { outcome: 'failed', error: result.error };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },

    /**
     * How the operation a member's row recorded stands, by its id; undefined when ARM does not know it, or a terminal
     * error says nothing about it (the begin that follows meets that error itself).
     */
    async recorded(clusterResourceId: string, operationId: string): Promise<StepPoll | undefined> {
      try {
        const poll = await client.getOperation(clusterResourceId, operationId);
        return poll && toStepPoll(poll);
      } catch (error) {
        if (classifyClusterError(error) instanceof TerminalClusterError) return undefined;
        return { outcome: 'retry', ...retryOf(error) };
      }
    },
  };
}

function toStepPoll(poll: OperationPoll): StepPoll {
  if (poll.status === 'Succeeded') return { outcome: 'succeeded' };
  if (poll.status === 'InProgress') {
    const after = poll.retryAfterSeconds;
    return { outcome: 'inProgress', ...(after !== undefined ? { retryAfterSeconds: after } : {}) };
  }
  return {
    outcome: 'failed',
    error: poll.error ?? { code: DEFAULT_FAILURE_CODE, message: `The upgrade operation ended ${poll.status}.` },
  };
}
