// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { registerMemberUpgradeActivities, type ControlReader } from './member-upgrade.activities';
import type { StatusWriter } from './member-step';
import { registerRunStoreActivities } from './run-store.activities';
import { registerStageActivities } from './stage.activities';
import { getStores } from '../storage/stores';
import { getConfig } from '../config';

const writeRows: StatusWriter = async (run, rows) =>
  (await getStores()).runStatus.write(
    { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
    run.runName,
    rows,
  );
const readControl: ControlReader = async (run) =>
  (
    await (
      await getStores()
    ).runControl.get(
      { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
      run.runName,
    )
  ).control;

registerRunStoreActivities();
registerStageActivities(() => getArmClusterClient(), writeRows, readControl);
registerMemberUpgradeActivities(
  () => getArmClusterClient(),
  writeRows,
  readControl,
  () => ({ budgetSeconds: getConfig().memberInlinePollSeconds }),
  async (run, key) =>
    (await getStores()).runStatus.readRow(
      { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
      run.runName,
      key,
    ),
);
