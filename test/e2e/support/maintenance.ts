import { createLocalContainerServiceClient } from '../../../simulator/src/index';
import { RG } from '../../support/fleet-fixtures';
import { SUBSCRIPTION, type FleetStack } from '../../support/fleet-stack';

/** Gives a simulator cluster (in RG) a daily 4-hour auto-upgrade window opening at `at` (UTC, minute-granular). */
export async function aDailyUpgradeWindow(stack: FleetStack, cluster: string, at: Date): Promise<void> {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const aks = createLocalContainerServiceClient(stack.simulator.url, SUBSCRIPTION);
  await aks.maintenanceConfigurations.createOrUpdate(RG, cluster, 'aksManagedAutoUpgradeSchedule', {
    maintenanceWindow: {
      schedule: { daily: { intervalDays: 1 } },
      durationHours: 4,
      utcOffset: '+00:00',
      startTime: `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`,
    },
  });
}
