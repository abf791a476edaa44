import { describe, expect, it } from 'vitest';
import { TransitionLogger, type LogSink } from '../../../src/activities/transition-logger';
import { statusKeys, type RunRef, type StatusWrite } from '../../../src/orchestrators/contracts';

const RUN: RunRef = { subscriptionId: 'sub', resourceGroupName: 'rg', fleetName: 'fleet', runName: 'run' };
const OTHER: RunRef = { ...RUN, runName: 'other' };
const PLAN = { stages: [{ groups: [{}] }] };

/** A log that keeps its lines, each with its level. */
function aLog(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}
const member = (name: string, state: NonNullable<StatusWrite['status']>['state'], operationId?: string) => ({
  key: statusKeys.member('s', 'g', name),
  status: { state },
  message: `${state} ${operationId ?? ''}`.trim(),
  ...(operationId ? { operationId } : {}),
});

describe('the transition logger', () => {
  it("tells a member's row once while its upgrade is polled, and again at each new step and state", () => {
    const log = aLog();
    const logger = new TransitionLogger();
    for (const row of [
      member('m1', 'Running'),
      member('m1', 'Running', 'op-1'),
      member('m1', 'Running', 'op-1'),
      member('m1', 'Running', 'op-1'),
      member('m1', 'Running', 'op-2'),
      member('m1', 'Completed', 'op-2'),
      member('m1', 'Completed', 'op-2'),
    ])
      logger.written(log, RUN, [row]);
    expect(log.lines.map((l) => l.replace(/^.*\) /, ''))).toEqual([
      'Running: Running',
      'Running: Running op-1',
      'Running: Running op-2',
      'Completed: Completed op-2',
    ]);
  });

  it('warns of a failure and informs of the rest', () => {
    const log = aLog();
    new TransitionLogger().written(log, RUN, [
      member('m1', 'Skipped'),
      { ...member('m2', 'Failed'), status: { state: 'Failed', error: { code: 'C', message: 'boom' } } },
    ]);
    expect(log.lines.map((l) => l.split(' ')[0])).toEqual(['info', 'warn']);
  });

  it('keeps the rows of different runs apart', () => {
    const log = aLog();
    const logger = new TransitionLogger();
    logger.written(log, RUN, [member('m1', 'Running')]);
    logger.written(log, OTHER, [member('m1', 'Running')]);
    expect(log.lines).toHaveLength(2);
  });

  it("logs one line for a plan and none for its rows, and tells a restarted run's states afresh", () => {
    const log = aLog();
    const logger = new TransitionLogger();
    logger.written(log, RUN, [{ key: statusKeys.run(), status: { state: 'Running' } }]);
    logger.written(log, OTHER, [{ key: statusKeys.run(), status: { state: 'Running' } }]);
    logger.planned(log, RUN, PLAN, 1);
    logger.written(log, RUN, [{ key: statusKeys.run(), status: { state: 'Running' } }]);
    logger.written(log, OTHER, [{ key: statusKeys.run(), status: { state: 'Running' } }]);
    expect(log.lines).toEqual([
      'info UpdateRun fleet/run: Running.',
      'info UpdateRun fleet/other: Running.',
      'info UpdateRun fleet/run: planned 1 member in 1 stage (1 group).',
      'info UpdateRun fleet/run: Running.',
    ]);
  });

  it('remembers at most its capacity of rows, forgetting the least recently written first', () => {
    const log = aLog();
    const logger = new TransitionLogger({ capacity: 2 });
    logger.written(log, RUN, [member('m1', 'Running'), member('m2', 'Running')]);
    logger.written(log, RUN, [member('m1', 'Running')]); // m1 written last: m2 is now the oldest
    logger.written(log, RUN, [member('m3', 'Running')]); // m2 forgotten
    logger.written(log, RUN, [member('m1', 'Running'), member('m2', 'Running')]);
    expect(log.lines.map((l) => /member (\w+)/.exec(l)?.[1])).toEqual(['m1', 'm2', 'm3', 'm2']);
  });
});
