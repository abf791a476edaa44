import { describe, expect, it } from 'vitest';
import {
  applyPriorOrder,
  PRIOR_ORDER_FRESH_MS,
  maintenanceConfigurationFor,
  orderMembersForUpdate,
  windowPriority,
} from '../../../src/domain';
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

  it('uses an order computed earlier while it is fresh: its names first, members it does not name after, by name', () => {
    const prior = { at: T0, names: ['c', 'gone', 'a'] };
    const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
    expect(applyPriorOrder(['a', 'b', 'c', 'd'], prior, at(1000))).toEqual(['c', 'a', 'b', 'd']);
    expect(applyPriorOrder(['a', 'b'], prior, at(PRIOR_ORDER_FRESH_MS))).toEqual(['a', 'b']);
    expect(applyPriorOrder(['a', 'b'], prior, at(PRIOR_ORDER_FRESH_MS + 1))).toBeUndefined();
    expect(applyPriorOrder(['a', 'b'], prior, at(-1))).toBeUndefined();
  });
});
