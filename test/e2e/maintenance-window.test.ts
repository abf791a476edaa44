import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import {
  aFleet,
  getRunRaw,
  isTerminal,
  memberOf,
  memberStates,
  rawMember,
  runState,
  runsOf,
  upgradeOperations,
} from './support/e2e-fleet';
import { aDailyUpgradeWindow } from './support/maintenance';

/**
 * Maintenance windows are minute-granular (startTime HH:mm) and the app evaluates them against real time, so the
 * window opens at the first minute boundary at least MIN_LEAD_MS away: this test takes 10 to 70 seconds.
 */
const MIN_LEAD_MS = 10_000;

describe('a closed maintenance window that opens during the run', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('keeps the member Pending while its group moves on, and upgrades it once the window opens', async () => {
    await aFleet(stack, 'windows', [{ name: 'w1' }, { name: 'n1' }, { name: 'n2' }]);
    const opening = Math.ceil((Date.now() + MIN_LEAD_MS) / 60_000) * 60_000;
    const at = new Date(opening);
    await aDailyUpgradeWindow(stack, 'w1', at);
    const runs = runsOf(stack, 'windows');
    await runs.create('run', {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
    });
    await runs.start('run');

    // 2026-06-01 knows Pending; the official client speaks 2025-03-01, where the member shows Running.
    const pending = await runs.waitFor('run', (run) => memberOf(run, 'w1').message?.includes('Waiting') === true);
    const raw = await getRunRaw(stack, 'windows', 'run', '2026-06-01');
    expect(Date.now()).toBeLessThan(opening);
    expect(rawMember(raw, 'w1')?.status.state).toBe('Pending');
    expect(rawMember(raw, 'w1')?.message).toContain(at.toISOString());
    expect(rawMember(raw, 'w1')?.message).toContain('aksManagedAutoUpgradeSchedule');
    expect(memberOf(pending, 'w1').state).toBe('Running');
    expect(memberOf(pending, 'w1').message).toBe(rawMember(raw, 'w1')?.message);

    const done = await runs.waitFor('run', isTerminal, opening - Date.now() + 30_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ w1: 'Completed', n1: 'Completed', n2: 'Completed' });
    const started = async (cluster: string) =>
      Date.parse((await upgradeOperations(stack, cluster))[0]?.startTime ?? '');
    // The group moved on past the Pending member, and came back to it once its window opened.
    expect(await started('n1')).toBeLessThan(opening);
    expect(await started('n2')).toBeLessThan(opening);
    expect(await started('w1')).toBeGreaterThanOrEqual(opening);
    expect((await upgradeOperations(stack, 'w1')).length).toBe(1);
  }, 120_000);

  it('ends the run at once when the member waiting for its window is skipped: its clusters are free for another run', async () => {
    await aFleet(stack, 'skipwait', [{ name: 's1' }, { name: 's2' }]);
    // A window hours away: only the skip can end this run in time.
    await aDailyUpgradeWindow(stack, 's1', new Date(Date.now() + 3 * 3_600_000));
    const runs = runsOf(stack, 'skipwait');
    const update = {
      managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly' as const, kubernetesVersion: '1.32.9' } },
    };
    await runs.create('run', update);
    await runs.create('next', update);
    await runs.start('run');
    await runs.waitFor(
      'run',
      (run) => memberOf(run, 's1').message?.includes('Waiting') === true && memberOf(run, 's2').state === 'Completed',
    );
    await runs.skip('run', [{ type: 'Member', name: 's1' }]);
    const done = await runs.waitFor('run', isTerminal, 30_000);
    expect(memberStates(done)).toEqual({ s1: 'Skipped', s2: 'Completed' });
    // The run's orchestration ended and released the clusters: another run over them starts.
    const deadline = Date.now() + 15_000;
    let started = false;
    while (!started && Date.now() < deadline) {
      started = await runs.start('next').then(
        () => true,
        () => false,
      );
      if (!started) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(started).toBe(true);
  }, 120_000);
});
