import * as df from 'durable-functions';
import { selectConsistentNodeImages, type MaintenanceWindow } from '../domain';
import { orderMembersForUpdate, maintenanceConfigurationFor } from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { classifyClusterError, RetriableClusterError } from '../clusters/cluster-errors';
import { ACTIVITY } from '../orchestrators/names';
import {
  ManagedClusterUpdateSchema,
  OrderMembersInputSchema,
  RunRefSchema,
  type RunControl,
  type RunRef,
  type StatusWrite,
  type MemberPlan,
  type StepBegin,
  type StepPoll,
} from '../orchestrators/contracts';
import { BeginStepInputSchema, type UpgradeStep } from './cluster-activity.schema';
import { createClusterActivities } from './cluster.activities';
import { skippedMembers } from '../orchestrators/skips';
import { OperationHandleSchema } from '../clusters/operation-handle.schema';
import { z } from 'zod';

/** When a window is closed with no known next opening, look again after this long. */
const NO_OPENING_RECHECK_MS = 3_600_000;
const DEFAULT_FAILURE_CODE = 'UpgradeFailed';

/**
 * Where an activity records the member's status as part of its own work (saving the orchestration a round trip
 * per step): the member's row, written whole, by the member's orchestration only.
 */
export const MemberRecordSchema = z.object({
  run: RunRefSchema,
  key: z.string().min(1),
  clusterResourceId: z.string(),
  order: z.number().int(),
  startTime: z.string(),
  /** The operation the member is on (kept on the row while polling). */
  operationId: z.string().optional(),
  /** Set on the poll of the last step: success completes the member. */
  lastStep: z.boolean().optional(),
});
export type MemberRecord = z.infer<typeof MemberRecordSchema>;

/** Writes status rows of a run (the run-status store in the app). */
export type StatusWriter = (run: RunRef, rows: StatusWrite[]) => Promise<void>;

const PlanInputSchema = z.object({
  clusterResourceId: z.string().min(1),
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  now: z.string(),
  record: MemberRecordSchema.optional(),
  /** Begin the first step and poll it once in this same activity. */
  beginFirst: z.boolean().optional(),
  /** Check the run's intent first: a stop, a halt or a skip of this member means do nothing ('halted'). */
  gate: z.object({ stage: z.string(), group: z.string(), member: z.string() }).optional(),
});

function row(record: MemberRecord, status: StatusWrite['status'], extra: Partial<StatusWrite> = {}): StatusWrite {
  return {
    key: record.key,
    clusterResourceId: record.clusterResourceId,
    order: record.order,
    status,
    ...(record.operationId ? { operationId: record.operationId } : {}),
    ...extra,
  };
}

/** Retriable cluster errors (throttling, 5xx, busy) become data so the orchestrator backs off on a durable timer. */
function retryOf(error: unknown): { retryAfterSeconds: number; error: { code: string; message: string } } {
  const classified = error instanceof RetriableClusterError ? error : classifyClusterError(error);
  const retryAfter = classified instanceof RetriableClusterError ? (classified.retryAfterSeconds ?? 5) : 5;
  return { retryAfterSeconds: retryAfter, error: { code: classified.code, message: classified.message } };
}

function describe(step: UpgradeStep): string {
  switch (step.kind) {
    case 'ControlPlane':
      return `Upgrading the control plane to ${step.kubernetesVersion}.`;
    case 'AgentPool':
      return `Upgrading agent pool '${step.agentPoolName}' to ${step.kubernetesVersion}${step.nodeImageVersion ? ` with node image ${step.nodeImageVersion}` : ''}.`;
    case 'NodeImage':
      return `Upgrading the node image of agent pool '${step.agentPoolName}'${step.nodeImageVersion ? ` to ${step.nodeImageVersion}` : ''}.`;
  }
}

/** The member-upgrade activities the orchestrations call, over a ClusterClient (adapts results to the contracts). */
/** Reads a run's intent (the control row). */
export type ControlReader = (run: RunRef) => Promise<RunControl>;

export function createMemberUpgradeActivities(
  client: ClusterClient,
  writeRows: StatusWriter,
  readControl?: ControlReader,
) {
  const cluster = createClusterActivities(client);
  const record = async (target: MemberRecord | undefined, rows: (r: MemberRecord) => StatusWrite): Promise<void> => {
    if (target) await writeRows(target.run, [rows(target)]);
  };
  const at = (): string => new Date().toISOString();
  return {
    async planMember(raw: unknown): Promise<MemberPlan> {
      const input = PlanInputSchema.parse(raw);
      // The intent is checked at the last moment before anything is done, in the same round trip.
      if (input.gate && input.record && readControl) {
        const control = await readControl(input.record.run);
        const { stage, group, member } = input.gate;
        const skipped = skippedMembers(control.skips, stage, group, [member]).length > 0;
        if (control.stopRequested || control.halted || skipped) return { action: 'halted' };
      }
      const plan = await this.decide(input);
      const now = input.now;
      await record(input.record, (r) => {
        switch (plan.action) {
          case 'skip':
            return row(r, { state: 'Skipped', startTime: r.startTime, completedTime: now }, { message: plan.message });
          case 'wait':
            return row(r, { state: 'Pending', startTime: r.startTime }, { message: plan.message });
          case 'fail':
            return row(
              r,
              { state: 'Failed', startTime: r.startTime, completedTime: now, error: plan.error },
              { message: plan.error.message },
            );
          case 'retry':
            return row(
              r,
              { state: 'Running', startTime: r.startTime },
              { message: `Waiting to retry: ${plan.error.message}` },
            );
          case 'upgrade':
            return row(
              r,
              { state: 'Running', startTime: r.startTime },
              { message: plan.message ?? 'Upgrade started.' },
            );
        }
      });
      if (plan.action !== 'upgrade' || !input.beginFirst) return plan;
      const [first] = plan.steps;
      const begun = await this.beginStep({
        clusterResourceId: input.clusterResourceId,
        step: first,
        record: input.record,
      });
      if (begun.outcome !== 'started') return { ...plan, first: { begun } };
      const polling = input.record && {
        ...input.record,
        ...(begun.operationId ? { operationId: begun.operationId } : {}),
        lastStep: plan.steps.length === 1,
      };
      const polled = await this.pollStep({ handle: begun.handle, record: polling });
      return { ...plan, first: { begun, polled } };
    },

    async decide(input: z.infer<typeof PlanInputSchema>): Promise<Exclude<MemberPlan, { action: 'halted' }>> {
      try {
        const result = await cluster.planMember({
          clusterResourceId: input.clusterResourceId,
          upgrade: input.managedClusterUpdate.upgrade,
          ...(input.managedClusterUpdate.nodeImageSelection
            ? { nodeImageSelection: input.managedClusterUpdate.nodeImageSelection }
            : {}),
          selectedNodeImageVersions: (input.selectedNodeImageVersions ?? []).map((version) => ({ version })),
          now: input.now,
        });
        if (!result.ok) return { action: 'fail', error: result.error };
        const decision = result.value;
        if (decision.action === 'wait') {
          const next = decision.nextOpening ?? new Date(Date.parse(input.now) + NO_OPENING_RECHECK_MS).toISOString();
          return { action: 'wait', nextAttemptAt: next, message: decision.message };
        }
        return decision;
      } catch (error) {
        return { action: 'retry', ...retryOf(error) };
      }
    },

    async beginStep(raw: unknown): Promise<StepBegin> {
      const input = BeginStepInputSchema.parse(raw);
      try {
        const result = await cluster.beginStep(input);
        if (!result.ok) return { outcome: 'failed', error: result.error };
        return {
          outcome: 'started',
          handle: result.value,
          operationId: result.value.operationId,
          message: describe(input.step),
        };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },

    async pollStep(raw: unknown): Promise<StepPoll> {
      const { record: target, ...input } = z
        .object({ handle: OperationHandleSchema, record: MemberRecordSchema.optional() })
        .parse(raw);
      const polled = await this.poll(input.handle);
      if (polled.outcome === 'succeeded' && target?.lastStep) {
        await record(target, (r) =>
          row(
            r,
            { state: 'Completed', startTime: r.startTime, completedTime: at() },
            { message: 'Upgrade completed.' },
          ),
        );
      } else if (polled.outcome === 'failed') {
        const { error } = polled;
        await record(target, (r) =>
          row(r, { state: 'Failed', startTime: r.startTime, completedTime: at(), error }, { message: error.message }),
        );
      }
      return polled;
    },

    async poll(handle: z.infer<typeof OperationHandleSchema>): Promise<StepPoll> {
      try {
        const result = await cluster.pollStep(handle);
        if (!result.ok) return { outcome: 'failed', error: result.error };
        const poll = result.value;
        if (poll.status === 'Succeeded') return { outcome: 'succeeded' };
        if (poll.status === 'InProgress') {
          return {
            outcome: 'inProgress',
            ...(poll.retryAfterSeconds !== undefined ? { retryAfterSeconds: poll.retryAfterSeconds } : {}),
          };
        }
        return {
          outcome: 'failed',
          error: poll.error ?? { code: DEFAULT_FAILURE_CODE, message: `The upgrade operation ended ${poll.status}.` },
        };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },

    /** Member names in update order by maintenance window (open now, opens soon, none, closed; then name). */
    async orderMembers(raw: unknown): Promise<string[]> {
      const input = OrderMembersInputSchema.parse(raw);
      const configuration = maintenanceConfigurationFor(input.upgradeType);
      const members = await Promise.all(
        input.members.map(async (member) => {
          let window: MaintenanceWindow | undefined;
          try {
            window = await client.getMaintenanceWindow(member.clusterResourceId, configuration);
          } catch {
            window = undefined; // unreadable now: ordered as "no window"; planMember decides for real at its turn
          }
          return { name: member.name, ...(window ? { window } : {}) };
        }),
      );
      return orderMembersForUpdate(members, input.now);
    },

    /** For Consistent: per image family, the newest version every pool of that family in the run can take. */
    async selectConsistentImages(raw: unknown): Promise<string[]> {
      const input = z
        .object({ members: z.array(z.object({ member: z.string(), clusterResourceId: z.string() })) })
        .parse(raw);
      const result = await cluster.collectNodeImageInventory(input);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return selectConsistentNodeImages(result.value.members).map((v) => v.version);
    },
  };
}

/** Registers the member-upgrade activities with the cluster client built from configuration. */
export function registerMemberUpgradeActivities(
  client: () => ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
): void {
  let activities: ReturnType<typeof createMemberUpgradeActivities> | undefined;
  const get = () => (activities ??= createMemberUpgradeActivities(client(), writeRows, readControl));
  df.app.activity(ACTIVITY.planMember, { handler: (input: unknown) => get().planMember(input) });
  df.app.activity(ACTIVITY.beginStep, { handler: (input: unknown) => get().beginStep(input) });
  df.app.activity(ACTIVITY.pollStep, { handler: (input: unknown) => get().pollStep(input) });
  df.app.activity(ACTIVITY.orderMembers, { handler: (input: unknown) => get().orderMembers(input) });
  df.app.activity(ACTIVITY.selectConsistentImages, {
    handler: (input: unknown) => get().selectConsistentImages(input),
  });
}
