import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIPTION, startFleetStack, type FleetStack } from '../support/fleet-stack';
import { RG } from '../support/fleet-fixtures';
import { aRunUpgrading, eventually, isTerminal, memberStates, operationCounts, runState } from './support/e2e-fleet';

describe('an update run whose orchestration ended without recording its end', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack({ simulatorSpeed: 10 });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('can be started again, and the earlier attempt begins no member after that', async () => {
    const runs = await aRunUpgrading(stack, 'stranded', { clusters: ['st1', 'st2', 'st3'], upgrading: 'st1' });
    // The run's orchestration is terminated behind the app's back: its rows still say Running.
    const instance = `updaterun:${SUBSCRIPTION}:${RG}:stranded:run`.toLowerCase();
    const terminated = await fetch(
      `${stack.devhost.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instance)}/terminate?reason=test`,
      { method: 'POST' },
    );
    expect(terminated.status).toBe(202);
    await eventually(async () => {
      const response = await fetch(
        `${stack.devhost.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instance)}`,
      );
      const body = (await response.json()) as { runtimeStatus?: string };
      return body.runtimeStatus === 'Terminated' ? true : undefined;
    }, 'the orchestration terminated');
    expect(runState(await runs.get('run'))).toBe('Running');

    await runs.start('run');
    const done = await runs.waitFor('run', isTerminal, 60_000);
    expect(runState(done)).toBe('Completed');
    expect(memberStates(done)).toEqual({ st1: 'Completed', st2: 'Completed', st3: 'Completed' });
    expect(await operationCounts(stack)).toEqual({ st1: 1, st2: 1, st3: 1 });
  });
});
