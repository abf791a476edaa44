import type { MaintenanceConfiguration } from '@azure/arm-containerservice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  POLL,
  RG,
  aCluster,
  armErrorOf,
  clusterPath,
  putJson,
  startFixture,
  type SimFixture,
} from './support/sim-fixture';

const WINDOWS: Record<string, MaintenanceConfiguration> = {
  aksManagedAutoUpgradeSchedule: {
    maintenanceWindow: {
      schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'First', dayOfWeek: 'Monday' } },
      durationHours: 6,
      utcOffset: '+05:30',
      startDate: new Date('2026-01-01T00:00:00Z'),
      startTime: '22:00',
      notAllowedDates: [{ start: new Date('2026-12-20T00:00:00Z'), end: new Date('2027-01-05T00:00:00Z') }],
    },
  },
  aksManagedNodeOSUpgradeSchedule: {
    maintenanceWindow: { schedule: { daily: { intervalDays: 2 } }, durationHours: 4, startTime: '01:00' },
  },
  default: { timeInWeek: [{ day: 'Saturday', hourSlots: [1, 2, 3] }] },
};

describe('maintenance configurations', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.managedClusters.beginCreateOrUpdateAndWait(RG, 'mc', aCluster(), POLL);
  });
  afterAll(() => f.stop());

  it('round-trips the three configurations with their schedule shapes', async () => {
    for (const [name, config] of Object.entries(WINDOWS)) {
      await f.client.maintenanceConfigurations.createOrUpdate(RG, 'mc', name, config);
    }
    const auto = await f.client.maintenanceConfigurations.get(RG, 'mc', 'aksManagedAutoUpgradeSchedule');
    expect(auto.maintenanceWindow).toEqual(WINDOWS.aksManagedAutoUpgradeSchedule?.maintenanceWindow);
    const names = [];
    for await (const c of f.client.maintenanceConfigurations.listByManagedCluster(RG, 'mc')) names.push(c.name);
    expect(names.sort()).toEqual(['aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule', 'default']);
  });

  it('deletes a configuration so that a GET answers 404', async () => {
    await f.client.maintenanceConfigurations.createOrUpdate(RG, 'mc', 'default', WINDOWS.default ?? {});
    await f.client.maintenanceConfigurations.delete(RG, 'mc', 'default');
    expect((await armErrorOf(f.client.maintenanceConfigurations.get(RG, 'mc', 'default'))).statusCode).toBe(404);
  });

  it('refuses a configuration name AKS does not know', async () => {
    const error = await armErrorOf(
      f.client.maintenanceConfigurations.createOrUpdate(RG, 'mc', 'nightly', WINDOWS.default ?? {}),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('refuses a window with two schedule types', async () => {
    const response = await putJson(f, clusterPath('mc', '/maintenanceConfigurations/aksManagedAutoUpgradeSchedule'), {
      properties: {
        maintenanceWindow: {
          schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } },
          durationHours: 4,
          startTime: '00:00',
        },
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidRequestContent",
          "details": [
            {
              "code": "InvalidParameter",
              "message": "exactly one of daily, weekly, absoluteMonthly or relativeMonthly must be set",
              "target": "properties.maintenanceWindow.schedule",
            },
          ],
          "message": "properties.maintenanceWindow.schedule: exactly one of daily, weekly, absoluteMonthly or relativeMonthly must be set",
          "target": "properties.maintenanceWindow.schedule",
        },
      }
    `);
  });

  it('refuses an auto-upgrade schedule without a maintenance window', async () => {
    const error = await armErrorOf(
      f.client.maintenanceConfigurations.createOrUpdate(
        RG,
        'mc',
        'aksManagedAutoUpgradeSchedule',
        WINDOWS.default ?? {},
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });
});
