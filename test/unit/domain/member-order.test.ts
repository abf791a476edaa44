import { describe, expect, it } from 'vitest';
import { maintenanceConfigurationFor, orderMembersForUpdate, windowPriority } from '../../../src/domain';
import { T0, aWeeklyWindow } from '../../fixtures/domain-builders';

// T0 is Monday 10:00 UTC.
const openNow = aWeeklyWindow({ startTime: '08:00' });
const opensIn3h = aWeeklyWindow({ startTime: '13:00' });
const closed = aWeeklyWindow({ dayOfWeek: 'Tuesday' });

describe('member order by maintenance window', () => {
  it('orders open-now, opens within 4 hours, no window, closed, then by name', () => {
    const members = [
      { name: 'a-closed', window: closed },
      { name: 'b-none' },
      { name: 'f-open', window: openNow },
      { name: 'd-soon', window: opensIn3h },
      { name: 'e-none' },
      { name: 'c-open', window: openNow },
    ];
    expect(orderMembersForUpdate(members, T0)).toEqual(['c-open', 'f-open', 'd-soon', 'b-none', 'e-none', 'a-closed']);
  });

  it('counts a window opening exactly four hours from now as opening soon, and later as closed', () => {
    expect(windowPriority(aWeeklyWindow({ startTime: '14:00' }), T0)).toBe('OpensSoon');
    expect(windowPriority(aWeeklyWindow({ startTime: '14:01' }), T0)).toBe('Closed');
    expect(windowPriority(undefined, T0)).toBe('NoWindow');
  });

  it('uses the node OS schedule for NodeImageOnly and the auto-upgrade schedule otherwise', () => {
    expect(maintenanceConfigurationFor('NodeImageOnly')).toBe('aksManagedNodeOSUpgradeSchedule');
    expect(maintenanceConfigurationFor('Full')).toBe('aksManagedAutoUpgradeSchedule');
    expect(maintenanceConfigurationFor('ControlPlaneOnly')).toBe('aksManagedAutoUpgradeSchedule');
  });
});
