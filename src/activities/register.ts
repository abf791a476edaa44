// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { getConfig } from '../config';
import type { RunRef } from '../orchestrators/contracts';
import { getStores } from '../storage/stores';
import { registerGateActivities } from './gate.activities';
import { registerGroupActivities } from './group.activities';
import type { StatusWriter } from './member-rows';
import { registerMemberUpdateActivities, type ControlReader, type RowReader } from './member-update.activities';
import { registerRunStoreActivities } from './run-store.activities';
import { registerStageActivities, type MemberReader } from './stage.activities';

const fleetOf = (run: RunRef) => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});
const writeRows: StatusWriter = async (run, rows) =>
  (await getStores()).runStatus.write(fleetOf(run), run.runName, rows);
const readControl: ControlReader = async (run) =>
  (await (await getStores()).runControl.get(fleetOf(run), run.runName)).control;
const readRow: RowReader = async (run, at) => (await getStores()).runStatus.readRow(fleetOf(run), run.runName, at);
const readMembers: MemberReader = async (run) =>
  (await (await getStores()).runStatus.read(fleetOf(run), run.runName))?.planned ?? [];

registerRunStoreActivities();
registerGateActivities();
registerStageActivities(() => getArmClusterClient(), writeRows, readControl, readMembers);
registerMemberUpdateActivities(() => ({
  client: getArmClusterClient(),
  writeRows,
  readControl,
  readRow,
  inlinePollSeconds: getConfig().memberInlinePollSeconds,
}));
registerGroupActivities(async () => ({
  client: getArmClusterClient(),
  members: (await getStores()).groupMembers,
  writeRows,
  readControl,
}));
