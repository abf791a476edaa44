import { statusKeys, type ErrorDetail, type RunRef, type StatusWrite } from '../orchestrators/contracts';
import type { MemberUpdateInput } from '../orchestrators/member-contracts';
import { COMPLETED_MESSAGE } from '../domain';

// The one place a member's status row is composed. Each row is written whole: its state, times, message and the
// operation the member is on. The member's update activities write them; so do the group's skip and end activities
// for members that are not in flight.

/** Writes status rows of a run (the run-status store in the app). */
export type StatusWriter = (run: RunRef, rows: StatusWrite[]) => Promise<void>;

/** What a Pending member (waiting for its maintenance window, or for its region to offer a target) says once stopped. */
export const STOPPED_PENDING_MESSAGE = 'Stopped while Pending, before its upgrade began.';

type Member = Pick<MemberUpdateInput, 'stage' | 'group'> & {
  member: { name: string; clusterResourceId: string; order: number };
};

function base(of: Member): Pick<StatusWrite, 'key' | 'clusterResourceId' | 'order'> {
  return {
    key: statusKeys.member(of.stage, of.group, of.member.name),
    clusterResourceId: of.member.clusterResourceId,
    order: of.member.order,
  };
}

const operation = (operationId: string | undefined) => (operationId ? { operationId } : {});

export const memberRows = {
  key(of: Member): string {
    return statusKeys.member(of.stage, of.group, of.member.name);
  },
  /**
   * Pending on the cluster (busy, throttling): the update is in flight, so no `notBefore` for the group to read. It
   * keeps the operation the member is on, so a re-run after a restart still finds it.
   */
  waiting(of: Member, startTime: string, message: string, operationId?: string): StatusWrite {
    return { ...base(of), status: { state: 'Pending', startTime }, message, ...operation(operationId) };
  },
  running(of: Member, startTime: string, message: string, operationId?: string): StatusWrite {
    return { ...base(of), status: { state: 'Running', startTime }, message, ...operation(operationId) };
  },
  completed(of: Member, startTime: string, completedTime: string, operationId?: string, message?: string): StatusWrite {
    const status = { state: 'Completed' as const, startTime, completedTime };
    return { ...base(of), status, message: message ?? COMPLETED_MESSAGE, ...operation(operationId) };
  },
  skipped(of: Member, completedTime: string, message: string, startTime?: string): StatusWrite {
    const status = { state: 'Skipped' as const, ...(startTime ? { startTime } : {}), completedTime };
    return { ...base(of), status, message };
  },
  /** Pending until `until` (its window opens, or its region is checked again); `error` says why, when it is one. */
  pending(of: Member, startTime: string, until: string, message: string, error?: ErrorDetail): StatusWrite {
    const status = { state: 'Pending' as const, startTime, ...(error ? { error } : {}) };
    return { ...base(of), status, message, notBefore: until };
  },
  failed(of: Member, startTime: string, completedTime: string, error: ErrorDetail, operationId?: string): StatusWrite {
    const status = { state: 'Failed' as const, startTime, completedTime, error };
    return { ...base(of), status, message: error.message, ...operation(operationId) };
  },
  stopped(of: Member, completedTime: string, message: string, startTime?: string): StatusWrite {
    const status = { state: 'Stopped' as const, ...(startTime ? { startTime } : {}), completedTime };
    return { ...base(of), status, message };
  },
};

/**
 * A member's rows written in the order they were pushed, without waiting for each: an activity goes on with its
 * cluster calls while its row is stored, and waits for `done()` before it answers (a failed write rejects it, and
 * the activity's durable retry runs it again).
 */
export class OrderedRowWrites {
  private last: Promise<void> = Promise.resolve();
  constructor(
    private readonly run: RunRef,
    private readonly writeRows: StatusWriter,
  ) {}

  push(row: StatusWrite): void {
    const write = this.last.then(() => this.writeRows(this.run, [row]));
    write.catch(() => undefined); // seen by done()
    this.last = write;
  }

  done(): Promise<void> {
    return this.last;
  }
}
