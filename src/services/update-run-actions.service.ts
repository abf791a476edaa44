import { z } from 'zod';
import { ArmError, notFound } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import type { FleetRef } from '../api/ids';
import { updateRunView } from '../api/views';
import { allowsRunRequest, applySkip, listMembers, checkRunRequest } from '../domain';
import { groupInstanceId, runInstanceId, SkipTargetSchema, type RunControl } from '../orchestrators/contracts';
import { afterStageInstanceId, gateInstanceId, gatePlaces } from '../orchestrators/gate-contracts';
import type { UpdateRunStatus } from '../api/update-run-status';
import { ClusterBusyError } from '../storage/active-runs-store';
import { EntityChangedError, EntityExistsError } from '../storage/entity-table';
import type { Stores } from '../storage/stores';
import { canonicalRef, requireFleet } from './fleet-guard';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';
import type { createUpdateRunService } from './update-runs.service';

const KIND = 'Microsoft.ContainerService/fleets/updateRuns';
/** Durable runtime statuses of an orchestration that is still going. */
const LIVE_RUNTIME_STATUSES = ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'];
/** How long a start waits for the orchestration to show the run Running before answering. */
const START_VISIBLE_TIMEOUT_MS = 10_000;

export const SkipBodySchema = z.strictObject({ targets: z.array(SkipTargetSchema.strict()).min(1).max(1000) });

/** The Durable client calls the actions need (df.DurableClient satisfies it). */
export interface OrchestrationClient {
  startNew(name: string, options: { instanceId: string; input: unknown }): Promise<string>;
  getStatus(instanceId: string): Promise<{ runtimeStatus: string } | undefined>;
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
}

/** How long a start that took its attempt keeps others back until its orchestration loads the run. */
const START_UNDER_WAY_MS = 30_000;

function startUnderWay(control: RunControl, now: string): boolean {
  const at = control.startRequestedAt;
  return at !== undefined && Date.parse(now) - Date.parse(at) < START_UNDER_WAY_MS;
}

function beingStarted(name: string): ArmError {
  return new ArmError('Conflict', `The update run '${name}' is being started by another request.`);
}

export interface RunActionsDeps {
  stores: Stores;
  runs: ReturnType<typeof createUpdateRunService>;
  client: OrchestrationClient;
  orchestratorName: string;
  intentEvent: string;
}

/** Start, stop and skip of an update run: record the intent, then start or wake the orchestrations. */
export function createUpdateRunActions(deps: RunActionsDeps) {
  const { stores, runs, client } = deps;

  async function load(ref: FleetRef, name: string, ctx: RequestContext) {
    const fleet = canonicalRef(await requireFleet(stores, ref));
    const spec = await stores.runs.get(fleet, name);
    if (!spec) throw notFound(KIND, name, 'updateRunName');
    checkPreconditions(ctx.preconditions, spec.meta.eTag);
    const status = await runs.statusOf(fleet, name, spec.doc);
    return { fleet, spec, status };
  }

  async function respond(fleet: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
    const spec = await stores.runs.get(fleet, name);
    if (!spec) throw notFound(KIND, name, 'updateRunName');
    const status = await runs.statusOf(fleet, name, spec.doc);
    return { status: 200, body: updateRunView(fleet, spec.meta, spec.doc, status, ctx.version), eTag: spec.meta.eTag };
  }

  /** Wakes the run and every group, gate and after-stage orchestration of the current attempt (a finished one ignores it). */
  async function wake(fleet: FleetRef, name: string, control: RunControl, stages: UpdateRunStatus['stages']) {
    const runId = runInstanceId({ ...fleet, runName: name });
    const ids = [
      runId,
      ...stages.flatMap((s) => s.groups.map((g) => groupInstanceId(runId, control.attempt, s.name, g.name))),
      ...gatePlaces(stages).map((place) => gateInstanceId(runId, control.attempt, place)),
      ...stages.map((s) => afterStageInstanceId(runId, control.attempt, s.name)),
    ];
    await Promise.all(ids.map((id) => client.raiseEvent(id, deps.intentEvent, {}).catch(() => undefined)));
  }

  async function start(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
    const { fleet, status } = await load(ref, name, ctx);
    // One start wins. The intent is read first and taken back with a conditional write, so of concurrent starts
    // all but one get 409 and never touch the clusters the winner claims; a start that took its attempt moments ago
    // (its orchestration has not loaded the run yet) makes a later one stand back too.
    const { control, tableETag } = await stores.runControl.get(fleet, name);
    if (startUnderWay(control, ctx.now())) throw beingStarted(name);
    const instanceId = runInstanceId({ ...fleet, runName: name });
    const runtime = await client.getStatus(instanceId).catch(() => undefined);
    const live = runtime !== undefined && LIVE_RUNTIME_STATUSES.includes(runtime.runtimeStatus);
    // Its orchestration ended without recording the run's end (rows still say Running, Stopping or Pending): the
    // run is stranded and may be started again, as a Failed one may.
    // The states a run cannot be deleted in are those only a live orchestration holds (Running, Stopping, Pending).
    const stranded = runtime !== undefined && !live && !allowsRunRequest(status.status.state, 'delete');
    checkRunRequest(name, stranded ? 'Failed' : status.status.state, 'start');
    if (live) {
      throw new ArmError(
        'OperationNotAllowed',
        `The update run '${name}' is still finishing its previous attempt; retry in a few seconds.`,
      );
    }
    const clusters = listMembers(status).map(({ member }) => member.clusterResourceId);
    try {
      await stores.activeRuns.claim(fleet, name, clusters);
    } catch (error) {
      if (error instanceof ClusterBusyError)
        throw new ArmError('Conflict', error.message, { target: 'clusterResourceId' });
      throw error;
    }
    // A new attempt: no halt, and its failures are counted afresh against the stages' maxAllowedFailures.
    const { halted: _halted, failures: _failures, ...rest } = control;
    try {
      const next = { ...rest, attempt: control.attempt + 1, stopRequested: false, startRequestedAt: ctx.now() };
      await stores.runControl.put(fleet, name, next, tableETag);
    } catch (error) {
      if (error instanceof EntityChangedError || error instanceof EntityExistsError) throw beingStarted(name);
      throw error;
    }
    try {
      await client.startNew(deps.orchestratorName, { instanceId, input: { run: { ...fleet, runName: name } } });
    } catch (error) {
      // The clusters are this start's to release only when no orchestration of the run is going.
      const after = await client.getStatus(instanceId).catch(() => undefined);
      if (after && LIVE_RUNTIME_STATUSES.includes(after.runtimeStatus)) throw beingStarted(name);
      await stores.activeRuns.release(fleet, name);
      throw error;
    }
    // ARM answers a start with the run in progress: wait (briefly) until the orchestration shows it.
    const deadline = Date.now() + START_VISIBLE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const current = await stores.runStatus.readRunState(fleet, name);
      if (current && !allowsRunRequest(current, 'start')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return respond(fleet, name, ctx);
  }

  async function stop(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
    const { fleet, status } = await load(ref, name, ctx);
    checkRunRequest(name, status.status.state, 'stop');
    const control = await stores.runControl.update(fleet, name, (c) => ({ ...c, stopRequested: true }));
    await wake(fleet, name, control, status.stages);
    return respond(fleet, name, ctx);
  }

  async function skip(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
    const { targets } = parseBody(SkipBodySchema, body);
    const { fleet, status } = await load(ref, name, ctx);
    // All or nothing: a run past skipping (409), unknown targets (400) and completed ones (409) change nothing.
    checkRunRequest(name, status.status.state, 'skip');
    applySkip(status, targets, ctx.now());
    const control = await stores.runControl.update(fleet, name, (c) => ({
      ...c,
      skips: [...c.skips, ...targets.filter((t) => !c.skips.some((s) => s.type === t.type && s.name === t.name))],
    }));
    await wake(fleet, name, control, status.stages);
    return respond(fleet, name, ctx);
  }

  // An action that ended, even in a failure, may have changed the run (its intent, its orchestration's first rows):
  // this instance's next GET of it reads storage.
  return {
    start: (ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> =>
      start(ref, name, ctx).finally(() => runs.runWritten(ref, name)),
    stop: (ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> =>
      stop(ref, name, ctx).finally(() => runs.runWritten(ref, name)),
    skip: (ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> =>
      skip(ref, name, body, ctx).finally(() => runs.runWritten(ref, name)),
  };
}
