import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { getConfig } from '../config';
import type { FleetRef } from '../api/ids';
import { composeRunStatus, planMembers, type GateStatus, type UpdateRunStatus } from '../api/update-run-status';
import {
  ErrorDetailSchema,
  RunRefSchema,
  WriteStatusInputSchema,
  statusKeys,
  type RunControl,
  type RunPlan,
  type RunRef,
  type StatusWrite,
} from '../orchestrators/contracts';
import { ACTIVITY, INTENT_EVENT } from '../orchestrators/names';
import { projectRunStatus, resetForStart } from '../services/run-projection';
import { isTolerated } from '../domain';
import { getStores, type Stores } from '../storage/stores';
import type { TransitionLogger } from './transition-logger';

const fleetOf = (run: RunRef): FleetRef => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});

/** Every row of a status tree (all but the run row, which the run orchestrator owns). */
export function rowsOf(status: UpdateRunStatus): StatusWrite[] {
  const rows: StatusWrite[] = [];
  for (const stage of status.stages) {
    rows.push({ key: statusKeys.stage(stage.name), status: stage.status });
    if (stage.afterStageWaitStatus)
      rows.push({ key: statusKeys.wait(stage.name), status: stage.afterStageWaitStatus.status });
    for (const group of stage.groups) {
      rows.push({ key: statusKeys.group(stage.name, group.name), status: group.status });
      for (const [order, member] of group.members.entries()) {
        rows.push({
          key: statusKeys.member(stage.name, group.name, member.name),
          status: member.status,
          clusterResourceId: member.clusterResourceId,
          order,
          ...(member.operationId ? { operationId: member.operationId } : {}),
          ...(member.message ? { message: member.message } : {}),
        });
      }
    }
  }
  return rows;
}

/** A stage's or group's gates as the plan carries them: their names, in order. */
function gatesOf(at: { beforeGates?: GateStatus[]; afterGates?: GateStatus[] }) {
  const names = (gates: GateStatus[]) =>
    gates.map((g) => (g.displayName !== undefined ? { displayName: g.displayName } : {}));
  return {
    ...(at.beforeGates?.length ? { beforeGates: names(at.beforeGates) } : {}),
    ...(at.afterGates?.length ? { afterGates: names(at.afterGates) } : {}),
  };
}

/**
 * Loads a run for a new attempt: freezes its member plan on the first start and resets what is to be retried.
 * `members`: how many the plan holds (the plan itself leaves them in their rows).
 */
export async function loadRunPlan(
  stores: Stores,
  run: RunRef,
  timing: { pollIntervalSeconds: number; busyWaitSeconds: number },
  now: string,
): Promise<{ plan: RunPlan; members: number }> {
  const fleet = fleetOf(run);
  const spec = await stores.runs.get(fleet, run.runName);
  if (!spec) throw new Error(`The update run '${run.runName}' no longer exists.`);
  await stores.runStatus.relocateLegacyRows(fleet, run.runName);
  const progress = await stores.runStatus.read(fleet, run.runName);
  // Never started, or the first start was interrupted while writing its plan: member rows it left (members that may
  // have left the fleet since) must not join the plan written now.
  if (!progress) await stores.runStatus.deleteAll(fleet, run.runName, { keepControl: true });
  const planned =
    progress?.planned ??
    planMembers(
      spec.doc.strategy,
      (await stores.members.all(fleet)).map((m) => ({ name: m.meta.name, ...m.doc })),
    );
  // The start that asked for this attempt is done: the next start need not stand back.
  const control = await stores.runControl.update(fleet, run.runName, ({ startRequestedAt: _at, ...rest }) => rest);
  const composed = composeRunStatus(spec.doc.strategy, planned, progress?.overlay);
  const status = resetForStart(projectRunStatus(composed, control, now));
  await stores.runStatus.write(fleet, run.runName, rowsOf(status));
  const strategy = spec.doc.strategy;
  // The members stay in their rows (written above); each group reads its own when it begins.
  const plan: RunPlan = {
    run,
    attempt: control.attempt,
    status: composed.status,
    managedClusterUpdate: spec.doc.managedClusterUpdate,
    ...(progress?.overlay.selectedNodeImageVersions
      ? { selectedNodeImageVersions: progress.overlay.selectedNodeImageVersions }
      : {}),
    ...timing,
    stages: status.stages.map((stage, index) => ({
      name: stage.name,
      status: stage.status,
      afterStageWaitInSeconds: strategy?.stages[index]?.afterStageWaitInSeconds ?? 0,
      maxConcurrency: stage.maxConcurrency ?? 50,
      maxAllowedFailures: stage.maxAllowedFailures ?? 0,
      ...(stage.afterStageWaitStatus ? { waitStatus: stage.afterStageWaitStatus.status } : {}),
      ...gatesOf(stage),
      groups: stage.groups.map((group) => ({
        name: group.name,
        status: group.status,
        maxConcurrency: group.maxConcurrency ?? 1,
        maxAllowedFailures: group.maxAllowedFailures ?? 0,
        ...gatesOf(group),
      })),
    })),
  };
  return { plan, members: planned.length };
}

/**
 * Writes status rows and returns the run's intent, which the run wants next (one round trip, not two); null when
 * not asked for (`readIntent` false: a group's writes).
 * Rows that may be written only if the intent lets something begin go through BeginUpdateStage instead.
 */
export async function writeStatus(
  stores: Stores,
  run: RunRef,
  rows: StatusWrite[],
  readIntent = true,
): Promise<RunControl | null> {
  const fleet = fleetOf(run);
  const [control] = await Promise.all([
    readIntent ? stores.runControl.get(fleet, run.runName).then((r) => r.control) : null,
    stores.runStatus.write(fleet, run.runName, rows),
  ]);
  return control;
}

/**
 * Counts a member failure against its stage's threshold: once the stage's failures exceed it (fail-fast at 0), the
 * run halts with the failure (the stage and run end Failed; in-flight upgrades finish). `halts`: this failure did it.
 */
export async function recordFailure(
  stores: Stores,
  run: RunRef,
  stage: string,
  maxAllowedFailures: number,
  error: { code: string; message: string },
): Promise<{ control: RunControl; halts: boolean }> {
  let halts = false;
  const control = await stores.runControl.update(fleetOf(run), run.runName, (c) => {
    const failures = (c.failures?.[stage] ?? 0) + 1;
    const exceeded = !isTolerated(failures, maxAllowedFailures);
    const halted =
      c.halted ??
      (exceeded
        ? maxAllowedFailures === 0
          ? error
          : {
              code: 'UpdateStageFailed',
              message: `${failures} members of stage '${stage}' failed, more than the ${maxAllowedFailures} it allows. ${error.message}`,
            }
        : undefined);
    halts = c.halted === undefined && halted !== undefined;
    return { ...c, failures: { ...c.failures, [stage]: failures }, ...(halted ? { halted } : {}) };
  });
  return { control, halts };
}

async function raiseIntent(context: InvocationContext, instanceIds: readonly string[]): Promise<void> {
  const client = df.getClient(context);
  await Promise.all(
    instanceIds.map((id) => client.raiseEvent(id, INTENT_EVENT, {}).catch(() => undefined)), // gone or finished: nothing to wake
  );
}

const HaltInputSchema = z.object({ run: RunRefSchema, error: ErrorDetailSchema, notify: z.array(z.string()) });
const ReleaseInputSchema = z.object({ run: RunRefSchema });
const RecordFailureInputSchema = HaltInputSchema.extend({
  stage: z.string(),
  maxAllowedFailures: z.number().int().nonnegative(),
});

/**
 * Registers the activities over the run's stored state (plan, status rows, intent, cluster claims); the rows they
 * write are told in the invocation's log through `transitions`.
 */
export function registerRunStoreActivities(transitions: TransitionLogger): void {
  df.app.activity(ACTIVITY.loadRunPlan, {
    handler: async (input: unknown, context: InvocationContext): Promise<RunPlan> => {
      const run = RunRefSchema.parse(input);
      const timing = {
        pollIntervalSeconds: getConfig().memberPollIntervalSeconds,
        busyWaitSeconds: getConfig().memberBusyWaitSeconds,
      };
      const { plan, members } = await loadRunPlan(await getStores(), run, timing, new Date().toISOString());
      transitions.planned(context, run, plan, members);
      return plan;
    },
  });
  df.app.activity(ACTIVITY.writeStatus, {
    handler: async (input: unknown, context: InvocationContext): Promise<RunControl | null> => {
      const { run, rows, readIntent } = WriteStatusInputSchema.parse(input);
      const control = await writeStatus(await getStores(), run, rows, readIntent ?? true);
      transitions.written(context, run, rows);
      return control;
    },
  });
  df.app.activity(ACTIVITY.readControl, {
    handler: async (input: unknown): Promise<RunControl> => {
      const run = RunRefSchema.parse(input);
      return (await (await getStores()).runControl.get(fleetOf(run), run.runName)).control;
    },
  });
  df.app.activity(ACTIVITY.haltRun, {
    extraInputs: [df.input.durableClient()],
    handler: async (input: unknown, context: InvocationContext) => {
      const { run, error, notify } = HaltInputSchema.parse(input);
      await (
        await getStores()
      ).runControl.update(fleetOf(run), run.runName, (c) => ({ ...c, halted: c.halted ?? error }));
      await raiseIntent(context, notify);
    },
  });
  df.app.activity(ACTIVITY.recordFailure, {
    extraInputs: [df.input.durableClient()],
    handler: async (input: unknown, context: InvocationContext) => {
      const { run, stage, maxAllowedFailures, error, notify } = RecordFailureInputSchema.parse(input);
      const { halts } = await recordFailure(await getStores(), run, stage, maxAllowedFailures, error);
      if (halts) await raiseIntent(context, notify);
    },
  });
  df.app.activity(ACTIVITY.releaseRun, {
    handler: async (input: unknown) => {
      const { run } = ReleaseInputSchema.parse(input);
      await (await getStores()).activeRuns.release(fleetOf(run), run.runName);
    },
  });
}
