import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { getArmAksReleases } from '../clusters/aks-releases';
import { getArmClusterClient } from '../clusters/cluster-config';
import { getServices, type Services } from '../services';
import { formatChildId } from '../api/ids';
import { auditSystemAction } from '../services/audit-trail';
import { AUTO_UPGRADE_CALLER, createAutoUpgradeTrigger } from '../services/auto-upgrade-trigger';
import { getStores } from '../storage/stores';
import { actions } from './update-run-actions.http';

/** Every 5 minutes, on the minute (six-field NCRONTAB: second minute hour day month day-of-week). */
export const DEFAULT_AUTO_UPGRADE_SCHEDULE = '0 */5 * * * *';

const TimerEnvSchema = z.object({
  /** When the auto-upgrade timer looks for new releases: an NCRONTAB expression, evaluated in UTC. */
  AUTO_UPGRADE_SCHEDULE: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4,5}$/, 'must be an NCRONTAB expression of five or six fields')
    .default(DEFAULT_AUTO_UPGRADE_SCHEDULE),
});

/** The timer's schedule from the app setting AUTO_UPGRADE_SCHEDULE (parsed once, at registration). */
export function autoUpgradeSchedule(env: NodeJS.ProcessEnv = process.env): string {
  return TimerEnvSchema.parse(env).AUTO_UPGRADE_SCHEDULE;
}

/** The auto-upgrade trigger over this process's stores, ARM clients and this invocation's Durable client. */
export async function autoUpgradeTriggerFor(services: Services, context: InvocationContext) {
  const runActions = await actions(services, context);
  const now = (): string => new Date().toISOString();
  const stores = await getStores();
  return createAutoUpgradeTrigger({
    stores,
    clusters: getArmClusterClient(),
    releases: getArmAksReleases(),
    startRun: async (fleet, runName) => {
      const ctx = { version: '2026-06-01' as const, preconditions: {}, caller: AUTO_UPGRADE_CALLER, url: '', now };
      // A run the timer starts is in the fleet's audit trail as one a caller starts (issue 14 item 3).
      const audited = {
        fleet,
        operation: 'Microsoft.ContainerService/fleets/updateRuns/start/action',
        target: formatChildId({ ...fleet, kind: 'updateRuns', name: runName }),
        caller: AUTO_UPGRADE_CALLER,
        requestId: context.invocationId,
      };
      await auditSystemAction(stores, audited, context, () => runActions.start(fleet, runName, ctx));
    },
    runWritten: (fleet, runName) => services.updateRuns.runWritten(fleet, runName),
    now,
  });
}

/** Each tick: every enabled profile's channel is checked, and a run created and started where a member is behind. */
export async function autoUpgradeTick(_timer: Timer, context: InvocationContext): Promise<void> {
  const trigger = await autoUpgradeTriggerFor(await getServices(), context);
  const outcomes = await trigger.tickAll((message) => context.warn(message));
  for (const [profile, outcome] of Object.entries(outcomes)) {
    if (outcome === 'Started') context.log(`Auto-upgrade profile ${profile} started an update run.`);
    if (outcome === 'Failed') context.warn(`Auto-upgrade profile ${profile}: the trigger failed (see its status).`);
  }
}

app.timer('autoUpgradeTrigger', {
  schedule: autoUpgradeSchedule(),
  runOnStartup: false,
  extraInputs: [df.input.durableClient()],
  handler: autoUpgradeTick,
});
