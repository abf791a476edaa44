import { z } from 'zod';
import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';
import {
  RunRefSchema,
  type ErrorDetail,
  type MemberCursor,
  type RunRef,
  type StatusWrite,
} from '../orchestrators/contracts';
import type { UpgradeStep } from './cluster-activity.schema';

// What the member-upgrade activities record and hand back about one step: the member's row, a step's outcome as
// data, and the texts shown in the member's status.

/**
 * Where an activity records the member's status as part of its own work (saving the orchestration a round trip
 * per step): the member's row, written whole, only by the activities of the member's turn.
 */
export const MemberRecordSchema = z.object({
  run: RunRefSchema,
  key: z.string().min(1),
  clusterResourceId: z.string(),
  order: z.number().int(),
  startTime: z.string(),
  /** The operation the member is on. */
  operationId: z.string().optional(),
});
export type MemberRecord = z.infer<typeof MemberRecordSchema>;

/**
 * The member row's message from the moment its turn decided to upgrade until the first step began. With a row of
 * the turn that has an operation id, it tells a re-run after a crash that the upgrade may be this turn's own.
 */
export const BEGINNING_MESSAGE = 'Starting the upgrade.';

/** Writes status rows of a run (the run-status store in the app). */
export type StatusWriter = (run: RunRef, rows: StatusWrite[]) => Promise<void>;

export function row(
  record: MemberRecord,
  status: StatusWrite['status'],
  extra: Partial<StatusWrite> = {},
): StatusWrite {
  return {
    key: record.key,
    clusterResourceId: record.clusterResourceId,
    order: record.order,
    status,
    ...(record.operationId ? { operationId: record.operationId } : {}),
    ...extra,
  };
}

/** One cluster call's outcome as data: terminal errors fail the member, retriable ones are retried on a timer. */
export type StepBegin =
  | { outcome: 'started'; handle: unknown; operationId?: string; message: string }
  | { outcome: 'retry'; retryAfterSeconds: number; error: ErrorDetail }
  | { outcome: 'failed'; error: ErrorDetail };
export type StepPoll =
  | { outcome: 'inProgress'; retryAfterSeconds?: number }
  | { outcome: 'succeeded' }
  | { outcome: 'retry'; retryAfterSeconds: number; error: ErrorDetail }
  | { outcome: 'failed'; error: ErrorDetail };

export const retryData = (r: { retryAfterSeconds: number; error: ErrorDetail }) => ({
  retryAfterSeconds: r.retryAfterSeconds,
  error: r.error,
});
export const operationOf = (cursor: MemberCursor): { operationId?: string } =>
  cursor.operationId ? { operationId: cursor.operationId } : {};

/** Retriable cluster errors (throttling, 5xx, busy) become data so the orchestrator backs off on a durable timer. */
export function retryOf(error: unknown): { retryAfterSeconds: number; error: { code: string; message: string } } {
  const classified = error instanceof RetriableClusterError ? error : classifyClusterError(error);
  const retryAfter = classified instanceof RetriableClusterError ? (classified.retryAfterSeconds ?? 5) : 5;
  return { retryAfterSeconds: retryAfter, error: { code: classified.code, message: classified.message } };
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
