import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';
import type { OperationHandle } from '../clusters/operation-handle.schema';
import type { ErrorDetail } from '../orchestrators/contracts';
import type { UpgradeStep } from './cluster-activity.schema';

// One upgrade step's outcomes as data, and the texts a member's status shows for a step.

/**
 * The member row's message from the moment its update decided to upgrade until the first step began. A re-run after
 * a crash that finds it (or an operation id) on a Running row knows the upgrade under way is this run's own.
 */
export const BEGINNING_MESSAGE = 'Starting the upgrade.';

/** One cluster call's outcome as data: terminal errors fail the member, retriable ones are retried on a timer. */
export type StepBegin =
  | { outcome: 'started'; handle: OperationHandle; message: string }
  | { outcome: 'retry'; retryAfterSeconds: number; error: ErrorDetail }
  | { outcome: 'failed'; error: ErrorDetail };
export type StepPoll =
  | { outcome: 'inProgress'; retryAfterSeconds?: number }
  | { outcome: 'succeeded' }
  | { outcome: 'retry'; retryAfterSeconds: number; error: ErrorDetail }
  | { outcome: 'failed'; error: ErrorDetail };

/** Retriable cluster errors (throttling, 5xx, busy) become data so the member backs off on a durable timer. */
export function retryOf(error: unknown): { retryAfterSeconds: number; error: { code: string; message: string } } {
  const classified = error instanceof RetriableClusterError ? error : classifyClusterError(error);
  const retryAfter = classified instanceof RetriableClusterError ? (classified.retryAfterSeconds ?? 5) : 5;
  const message = classified instanceof RetriableClusterError ? classified.detail : classified.message;
  return { retryAfterSeconds: retryAfter, error: { code: classified.code, message } };
}

export function describe(step: UpgradeStep): string {
  switch (step.kind) {
    case 'ControlPlane':
      return `Upgrading the control plane to ${step.kubernetesVersion}.`;
    case 'AgentPool':
      return `Upgrading agent pool '${step.agentPoolName}' to ${step.kubernetesVersion}${step.nodeImageVersion ? ` with node image ${step.nodeImageVersion}` : ''}.`;
    case 'NodeImage':
      return `Upgrading the node image of agent pool '${step.agentPoolName}'${step.nodeImageVersion ? ` to ${step.nodeImageVersion}` : ''}.`;
  }
}
