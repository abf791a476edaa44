import type { AutoUpgradeProfileDoc, AutoUpgradeProfileStatus } from '../api/auto-upgrade-profile.schema';
import { ArmError, invalidField, notFound, type ErrorDetail } from '../api/errors';
import { toArmError } from '../api/error-response';
import { formatChildId, parseChildId, type FleetRef } from '../api/ids';
import { createdSystemData, type Caller } from '../api/resource';
import { newETag } from '../api/etag';
import type { UpdateRunDoc } from '../api/update-run.schema';
import type { ProfileRef } from '../storage/auto-upgrade-profile-store';
import { EntityChangedError, EntityExistsError } from '../storage/entity-table';
import type { StoredResource } from '../storage/resource-row';
import { AUTO_UPGRADE_PROFILE_KIND } from './auto-upgrade-profiles.service';
import { clusterReadError, planRun, type PlanDeps, type RunPlan } from './auto-upgrade-plan';
import { canonicalRef, confirmParentStillThere, DELETING, requireFleet } from './fleet-guard';
import { SUCCEEDED } from './meta';
import { writeWithRetry } from './optimistic';
import type { Outcome, RequestContext } from './request-context';
import { checkGroupsExist } from './strategy-rules';

/** Who the runs a profile creates are by. */
export const AUTO_UPGRADE_CALLER: Caller = {
  id: 'Microsoft.ContainerService/fleets/autoUpgradeProfiles',
  type: 'Application',
};

export interface TriggerDeps extends PlanDeps {
  /** Starts a NotStarted run (the update run start action); an ArmError says why it cannot. */
  startRun: (fleet: FleetRef, runName: string) => Promise<void>;
  /** Forgets this instance's cached document of the run. */
  runWritten: (fleet: FleetRef, runName: string) => void;
  now: () => string;
}

/** What one tick did with one profile (for the log). */
export type TickOutcome = 'Gone' | 'Disabled' | 'UpToDate' | 'AlreadyStarted' | 'Started' | 'Raced' | 'Failed';

type StoredProfile = StoredResource<AutoUpgradeProfileDoc>;

function detailOf(error: unknown): ErrorDetail {
  const arm = toArmError(error);
  return { code: arm.code, message: arm.message, ...(arm.target !== undefined ? { target: arm.target } : {}) };
}

/** Creating and starting the runs auto-upgrade profiles call for: on the timer's tick, or by generateUpdateRun. */
export function createAutoUpgradeTrigger(deps: TriggerDeps) {
  const { stores } = deps;

  async function strategyOf(fleet: FleetRef, doc: AutoUpgradeProfileDoc) {
    if (doc.updateStrategyId === undefined) return undefined;
    const ref = parseChildId(doc.updateStrategyId, 'updateStrategies');
    const stored = ref && (await stores.strategies.get(fleet, ref.name));
    if (!stored) {
      const message = `The profile's update strategy '${doc.updateStrategyId}' no longer exists.`;
      throw invalidField('properties.updateStrategyId', message);
    }
    await checkGroupsExist(stores, fleet, stored.doc.strategy, ['properties', 'updateStrategyId']);
    return stored.doc.strategy;
  }

  /** The plan's run: created NotStarted unless it exists (whoever made it), never modified. */
  async function ensureRun(fleet: FleetRef, profile: StoredProfile, plan: Extract<RunPlan, { kind: 'Run' }>) {
    const existing = await stores.runs.get(fleet, plan.runName);
    if (existing) return existing;
    const strategy = await strategyOf(fleet, profile.doc);
    const doc: UpdateRunDoc = {
      ...(profile.doc.updateStrategyId !== undefined ? { updateStrategyId: profile.doc.updateStrategyId } : {}),
      ...(strategy ? { strategy } : {}),
      managedClusterUpdate: plan.managedClusterUpdate,
      autoUpgradeProfileId: formatChildId({ ...fleet, kind: 'autoUpgradeProfiles', name: profile.meta.name }),
    };
    const meta = {
      name: plan.runName,
      eTag: newETag(),
      provisioningState: SUCCEEDED,
      systemData: createdSystemData(AUTO_UPGRADE_CALLER, deps.now()),
    };
    try {
      await stores.runs.create(fleet, meta, doc);
      await confirmParentStillThere(stores, fleet, () => stores.runs.delete(fleet, plan.runName));
    } catch (error) {
      if (!(error instanceof EntityExistsError)) throw error;
    } finally {
      deps.runWritten(fleet, plan.runName);
    }
    const created = await stores.runs.get(fleet, plan.runName);
    if (!created) throw new Error(`The update run '${plan.runName}' vanished as it was created.`);
    return created;
  }

  /** Records what a trigger did on whatever the profile is now (a PUT in between keeps it). */
  async function record(fleet: FleetRef, name: string, status: AutoUpgradeProfileStatus): Promise<void> {
    await writeWithRetry(async () => {
      const current = await stores.autoUpgradeProfiles.get(fleet, name);
      if (current) await stores.autoUpgradeProfiles.setStatus(fleet, current, status);
    });
  }

  async function failed(fleet: FleetRef, name: string, error: ErrorDetail, versions?: string[]) {
    const status = { lastTriggeredAt: deps.now(), lastTriggerStatus: 'Failed' as const, lastTriggerError: error };
    await record(fleet, name, versions ? { ...status, lastTriggerUpgradeVersions: versions } : status);
    return 'Failed' as const;
  }

  /**
   * One tick for one profile: create the run for the channel's current target if some member is below it, and
   * start it if it has not started. Create-if-absent then start-if-NotStarted: a second tick, a double fire or a
   * restart after a crash between the two finds the same run and finishes the job, never making another.
   */
  async function tick(ref: ProfileRef): Promise<TickOutcome> {
    const fleetRow = await stores.fleets.get(ref.fleet);
    const profile = fleetRow && (await stores.autoUpgradeProfiles.get(ref.fleet, ref.name));
    if (!fleetRow || !profile) {
      await stores.autoUpgradeProfiles.forget(ref);
      return 'Gone';
    }
    const fleet = canonicalRef(fleetRow);
    if (profile.doc.disabled || fleetRow.meta.provisioningState === DELETING) return 'Disabled';
    let plan: RunPlan;
    try {
      plan = await planRun(deps, fleet, { name: profile.meta.name, doc: profile.doc });
    } catch (error) {
      return failed(fleet, ref.name, detailOf(clusterReadError(error)));
    }
    if (plan.kind === 'NoTarget') return failed(fleet, ref.name, plan.error);
    if (plan.membersBelow.length === 0) return 'UpToDate';
    try {
      const run = await ensureRun(fleet, profile, plan);
      const state = await stores.runStatus.readRunState(fleet, run.meta.name);
      if (state !== undefined && state !== 'NotStarted') return 'AlreadyStarted';
      // Whoever records the trigger on the profile as read starts the run: of two concurrent ticks one goes on.
      const succeeded = { lastTriggeredAt: deps.now(), lastTriggerStatus: 'Succeeded' as const };
      await stores.autoUpgradeProfiles.setStatus(fleet, profile, {
        ...succeeded,
        lastTriggerUpgradeVersions: plan.versions,
      });
      await deps.startRun(fleet, run.meta.name);
      return 'Started';
    } catch (error) {
      if (error instanceof EntityChangedError) return 'Raced';
      const detail = detailOf(error);
      if (detail.code === 'Conflict') {
        detail.message = `${detail.message} The run '${plan.runName}' waits: the next tick starts it once no member's cluster is in another active update run.`;
      }
      return failed(fleet, ref.name, detail, plan.versions);
    }
  }

  return {
    tick,

    /** Every enabled profile of every fleet, one after another; a failure of one never stops the others. */
    async tickAll(log: (message: string) => void = () => undefined): Promise<Record<string, TickOutcome>> {
      const outcomes: Record<string, TickOutcome> = {};
      for (const ref of await stores.autoUpgradeProfiles.everywhere()) {
        const id = formatChildId({ ...ref.fleet, kind: 'autoUpgradeProfiles', name: ref.name });
        try {
          outcomes[id] = await tick(ref);
        } catch (error) {
          outcomes[id] = 'Failed';
          log(`Auto-upgrade profile ${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return outcomes;
    },

    /** POST …/generateUpdateRun: the run for the current target, created NotStarted (or as it is when it exists). */
    async generate(ref: FleetRef, name: string, _ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const profile = await stores.autoUpgradeProfiles.get(fleet, name);
      if (!profile) throw notFound(AUTO_UPGRADE_PROFILE_KIND, name, 'autoUpgradeProfileName');
      const plan = await planRun(deps, fleet, { name: profile.meta.name, doc: profile.doc }).catch((error: unknown) => {
        throw clusterReadError(error);
      });
      if (plan.kind === 'NoTarget') throw new ArmError('OperationNotAllowed', plan.error.message);
      const run = await ensureRun(fleet, profile, plan);
      return { status: 200, body: { id: formatChildId({ ...fleet, kind: 'updateRuns', name: run.meta.name }) } };
    },
  };
}
