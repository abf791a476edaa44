// Registers every activity with the Functions host, wired to the real ports (Table Storage, the AKS ARM client).
import { getArmClusterClient } from '../clusters/cluster-config';
import { registerMemberUpgradeActivities } from './member-upgrade.activities';
import { registerRunStoreActivities } from './run-store.activities';

registerRunStoreActivities();
registerMemberUpgradeActivities(() => getArmClusterClient());
