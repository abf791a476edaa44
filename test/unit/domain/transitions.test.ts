import { describe, expect, it } from 'vitest';
import {
  RUN_TRANSITIONS,
  RunRequestRefusedError,
  UPDATE_STATES,
  allowsRunRequest,
  checkRunRequest,
  type RunRequest,
  type UpdateState,
} from '../../../src/domain';

const statesTaking = (request: RunRequest): UpdateState[] =>
  UPDATE_STATES.filter((state) => allowsRunRequest(state, request));

const refusal = (state: UpdateState, request: RunRequest): RunRequestRefusedError => {
  try {
    checkRunRequest('run1', state, request);
  } catch (error) {
    if (error instanceof RunRequestRefusedError) return error;
  }
  throw new Error(`a ${state} run took ${request}`);
};

describe('starting an update run', () => {
  it.each(['NotStarted', 'Stopped', 'Failed'] as const)('a %s run can be started, and becomes Running', (state) => {
    expect(checkRunRequest('run1', state, 'start')).toBe('Running');
  });

  it.each(['Running', 'Pending', 'Stopping', 'Completed', 'Skipped'] as const)(
    'a %s run cannot be started',
    (state) => {
      expect(refusal(state, 'start')).toMatchObject({ code: 'OperationNotAllowed', state, request: 'start' });
    },
  );
});

describe('stopping an update run', () => {
  it.each(['Running', 'Pending'] as const)('a %s run can be stopped, and shows Stopping', (state) => {
    expect(checkRunRequest('run1', state, 'stop')).toBe('Stopping');
  });

  it('a Stopping run takes another stop and stays Stopping', () => {
    expect(checkRunRequest('run1', 'Stopping', 'stop')).toBe('Stopping');
  });

  it.each(['NotStarted', 'Stopped', 'Failed', 'Completed', 'Skipped'] as const)(
    'a %s run cannot be stopped',
    (state) => {
      expect(refusal(state, 'stop')).toMatchObject({ code: 'OperationNotAllowed', state, request: 'stop' });
    },
  );
});

describe('skipping in an update run', () => {
  it.each(['NotStarted', 'Running', 'Pending', 'Stopped', 'Failed'] as const)(
    'a %s run takes skips and keeps its state (roll-up decides what they change)',
    (state) => {
      expect(checkRunRequest('run1', state, 'skip')).toBe(state);
    },
  );

  it.each(['Stopping', 'Completed', 'Skipped'] as const)('a %s run takes no skips', (state) => {
    expect(refusal(state, 'skip')).toMatchObject({ code: 'OperationNotAllowed', state, request: 'skip' });
  });
});

describe('deleting an update run', () => {
  it.each(['NotStarted', 'Stopped', 'Failed', 'Completed', 'Skipped'] as const)('a %s run can be deleted', (state) => {
    expect(checkRunRequest('run1', state, 'delete')).toBe('Deleted');
  });

  it.each(['Running', 'Pending', 'Stopping'] as const)(
    'a %s run cannot be deleted: it must be stopped first',
    (state) => {
      expect(refusal(state, 'delete')).toMatchObject({ code: 'OperationNotAllowed', state, request: 'delete' });
    },
  );
});

describe('the transitions table as a whole', () => {
  it('answers every request in every state of the run', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...UPDATE_STATES].sort());
  });

  it('lets a run be started, stopped, skipped or deleted in exactly these states', () => {
    expect({
      start: statesTaking('start'),
      stop: statesTaking('stop'),
      skip: statesTaking('skip'),
      delete: statesTaking('delete'),
    }).toEqual({
      start: ['NotStarted', 'Stopped', 'Failed'],
      stop: ['Running', 'Stopping', 'Pending'],
      skip: ['NotStarted', 'Running', 'Stopped', 'Failed', 'Pending'],
      delete: ['NotStarted', 'Stopped', 'Skipped', 'Failed', 'Completed'],
    });
  });

  it('says in the 409 which run, its state and what the request needs', () => {
    const messages = (['start', 'stop', 'skip', 'delete'] as const).map(
      (request) => refusal(request === 'start' || request === 'delete' ? 'Running' : 'Completed', request).message,
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "The update run 'run1' is Running: only a NotStarted, Stopped or Failed run can be started.",
        "The update run 'run1' is Completed: only a Running or Pending run can be stopped.",
        "The update run 'run1' is Completed: only a NotStarted, Running, Pending, Stopped or Failed run takes skips.",
        "The update run 'run1' is Running: stop it before deleting it.",
      ]
    `);
  });
});
