// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { registerMemberUpgradeActivities, type ControlReader } from './member-upgrade.activities';
import type { StatusWriter } from './member-step';
import { registerRunStoreActivities } from './run-store.activities';
import { registerStageActivities, type MemberReader } from './stage.activities';
import type { RunRef } from '../orchestrators/contracts';
import { getStores } from '../storage/stores';
import { getConfig } from '../config';

const fleetOf = (run: RunRef) => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});
const writeRows: StatusWriter = async (run, rows) =>
  (await getStores()).runStatus.write(fleetOf(run), run.runName, rows);
const readControl: ControlReader = async (run) =>
  (await (await getStores()).runControl.get(fleetOf(run), run.runName)).control;
const readMembers: MemberReader = {
  group: async (run, stage, group) =>
    (await getStores()).runStatus.readGroupMembers(fleetOf(run), run.runName, stage, group),
  all: async (run) => (await (await getStores()).runStatus.read(fleetOf(run), run.runName))?.planned ?? [],
};

registerRunStoreActivities();
const takeTurn = registerMemberUpgradeActivities(
  () => getArmClusterClient(),
  writeRows,
  readControl,
  () => ({ budgetSeconds: getConfig().memberInlinePollSeconds }),
  async (run, key) => (await getStores()).runStatus.readRow(fleetOf(run), run.runName, key),
);
registerStageActivities(() => getArmClusterClient(), writeRows, readControl, readMembers, takeTurn);
