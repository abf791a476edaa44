// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { registerMemberUpgradeActivities } from './member-upgrade.activities';
import { registerRunStoreActivities } from './run-store.activities';
import { getStores } from '../storage/stores';
import { getConfig } from '../config';

registerRunStoreActivities();
registerMemberUpgradeActivities(
  () => getArmClusterClient(),
  async (run, rows) =>
    (await getStores()).runStatus.write(
      { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
      run.runName,
      rows,
    ),
  async (run) =>
    (
      await (
        await getStores()
      ).runControl.get(
        { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
        run.runName,
      )
    ).control,
  () => ({ budgetSeconds: getConfig().memberInlinePollSeconds }),
  async (run, key) =>
    (await getStores()).runStatus.readRow(
      { subscriptionId: run.subscriptionId, resourceGroupName: run.resourceGroupName, fleetName: run.fleetName },
      run.runName,
      key,
    ),
);
