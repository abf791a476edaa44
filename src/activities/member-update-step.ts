import { nextPollSeconds } from '../domain';
import type { OperationHandle } from '../clusters/operation-handle.schema';
import type { ErrorDetail } from '../orchestrators/contracts';
import type { MemberOutcome, MemberUpdateInput, UpgradeProgress } from '../orchestrators/member-contracts';
import type { createMemberClusterSteps, MemberPlan } from './member-cluster';
import { memberRows, OrderedRowWrites } from './member-rows';
import { BEGINNING_MESSAGE } from './member-step';
import type { MemberUpdatePorts, RowReader } from './member-update.activities';

/** Row states of a member whose update an earlier try of this activity left under way. */
const RESUMED_STATES: ReadonlySet<string> = new Set(['Running', 'Pending']);

/** Where a back-off stands: the upgrade's progress, if any, and since when it has been retrying. */
interface RetryAt {
  progress?: UpgradeProgress | undefined;
  since?: string | undefined;
}

/** One activity's share of a member's update: what it needs, and the rows it writes on the way. */
export interface MemberUpdateStepOptions {
  input: MemberUpdateInput;
  startTime: string;
  cluster: ReturnType<typeof createMemberClusterSteps>;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  ports: MemberUpdatePorts;
  /** The member's row as this activity found it on starting, when it read the row then (see readRow). */
  rowAtStart?: StoredMemberRow;
}

/** A member's row as last written (what RowReader reads). */
type StoredMemberRow = Awaited<ReturnType<RowReader>>;

/**
 * Carries out a decision about a member, or takes its upgrade further: begins each step (idempotently: a re-run
 * finds the operation it started), polls it, goes on to the next when it succeeds, and records the member's row
 * at each change. Terminal errors fail the member with ARM's code and message; retriable ones (a busy cluster,
 * throttling, 5xx) come back as `Running` with a back-off until MEMBER_BUSY_WAIT_SECONDS is spent.
 */
export class MemberUpdateStep {
  readonly rows: OrderedRowWrites;
  private readonly deadline: number;
  /** Whether this activity looked at the operation the member's row recorded yet (see failedBeforeRestart). */
  private recordedChecked = false;
  /** That operation, while not known to have ended: rows this activity writes while it backs off keep it. */
  private recordedOperationId: string | undefined;

  constructor(private readonly o: MemberUpdateStepOptions) {
    this.rows = new OrderedRowWrites(o.input.run, o.ports.writeRows);
    this.deadline = o.clock() + o.ports.inlinePollSeconds * 1000;
  }

  private now(): string {
    return new Date(this.o.clock()).toISOString();
  }

  async act(plan: MemberPlan, retryingSince?: string): Promise<MemberOutcome> {
    const { input, startTime } = this.o;
    if (plan.action === 'wait' || plan.action === 'retry' || plan.action === 'upgrade') {
      const failed = await this.failedBeforeRestart({ since: retryingSince });
      if (failed) return failed;
    }
    switch (plan.action) {
      case 'skip':
        if (await this.upgradeUnderWay()) {
          this.rows.push(memberRows.completed(input, startTime, this.now()));
          return { state: 'Completed' };
        }
        this.rows.push(memberRows.skipped(input, this.now(), plan.message, startTime));
        return { state: 'Skipped' };
      case 'wait':
        this.rows.push(memberRows.pending(input, startTime, plan.nextAttemptAt, plan.message, plan.error));
        return { state: 'Pending', until: plan.nextAttemptAt };
      case 'fail':
        return this.fail(plan.error);
      case 'retry':
        return this.retry(plan, { since: retryingSince });
      case 'upgrade':
        // Stored while the first request goes out: a re-run after a crash that finds it knows the upgrade is ours.
        this.rows.push(memberRows.running(input, startTime, BEGINNING_MESSAGE));
        return this.advance({
          steps: plan.steps,
          step: 0,
          ...(plan.completedMessage ? { completedMessage: plan.completedMessage } : {}),
        });
    }
  }

  /** Takes an upgrade as far as it goes now: begins the step, polls it, goes on to the next when it succeeds. */
  async advance(start: UpgradeProgress, retryingSince?: string): Promise<MemberOutcome> {
    const { input, startTime, cluster, clock } = this.o;
    let progress = start;
    for (;;) {
      const step = progress.steps[progress.step];
      if (!step) throw new Error(`Upgrade step ${progress.step} is out of range (${progress.steps.length} steps).`);
      let operation: OperationHandle | undefined = progress.operation;
      if (!operation) {
        const failed = await this.failedBeforeRestart({ progress, since: retryingSince });
        if (failed) return failed;
        const begun = await cluster.beginStep(input.member.clusterResourceId, step);
        if (begun.outcome === 'retry') return this.retry(begun, { progress, since: retryingSince });
        if (begun.outcome === 'failed') return this.fail(begun.error);
        operation = begun.handle;
        progress = { ...progress, operation };
        this.rows.push(memberRows.running(input, startTime, begun.message, operation.operationId));
      }
      const polledAt = clock();
      const polled = await cluster.poll(operation);
      if (polled.outcome === 'failed') return this.fail(polled.error, operation.operationId);
      if (polled.outcome === 'retry') return this.retry(polled, { progress, since: retryingSince });
      if (polled.outcome === 'succeeded') {
        if (progress.step + 1 < progress.steps.length) {
          const { operation: _done, ...rest } = progress;
          progress = { ...rest, step: progress.step + 1 };
          continue;
        }
        const said = progress.completedMessage;
        this.rows.push(memberRows.completed(input, startTime, this.now(), operation.operationId, said));
        return { state: 'Completed' };
      }
      const wait = nextPollSeconds(input.pollIntervalSeconds, polled.retryAfterSeconds);
      // Counted from when the poll went out: ARM's "done in N ms" was true then.
      const due = polledAt + Math.round(wait * 1000);
      if (due > this.deadline) return { state: 'Running', startTime, progress, retryAfterSeconds: wait };
      await this.o.sleep(Math.max(0, due - clock()));
    }
  }

  private fail(error: ErrorDetail, operationId?: string): MemberOutcome {
    this.rows.push(memberRows.failed(this.o.input, this.o.startTime, this.now(), error, operationId));
    return { state: 'Failed', error };
  }

  /** A retriable error: back off (Running, the member shown Pending) until the budget is spent, then fail. */
  private retry(failure: { retryAfterSeconds: number; error: ErrorDetail }, at: RetryAt): MemberOutcome {
    const { input, startTime } = this.o;
    const { progress, since } = at;
    const retryingSince = since ?? this.now();
    const deadline = Date.parse(retryingSince) + input.busyWaitSeconds * 1000;
    const operationId = progress?.operation?.operationId ?? this.recordedOperationId;
    if (this.o.clock() >= deadline) return this.fail(failure.error, operationId);
    const { code, message } = failure.error;
    const until = new Date(deadline).toISOString();
    const text = `Waiting for the cluster to accept the upgrade (${code}: ${message}); retrying until ${until}.`;
    this.rows.push(memberRows.waiting(input, startTime, text, operationId));
    const after = { retryAfterSeconds: failure.retryAfterSeconds, retryingSince };
    return { state: 'Running', startTime, ...(progress ? { progress } : {}), ...after };
  }

  /**
   * An update resumed after a crash or restart finds the member's row still Running (or Pending on a busy cluster)
   * with the operation an earlier try began and lost track of. When ARM says that operation Failed, that is the
   * member's failure, recorded with the operation's error, and nothing is begun again. Looked at once per activity,
   * before it decides anew or begins a step; an operation still running or succeeded lets the update go on (begin
   * finds it in flight, or the resource at its target).
   */
  private async failedBeforeRestart(at: RetryAt): Promise<MemberOutcome | undefined> {
    if (this.recordedChecked) return undefined;
    this.recordedChecked = true;
    const row = await this.readRow();
    const operationId = row?.operationId;
    if (operationId === undefined || !RESUMED_STATES.has(row?.status?.state ?? '')) return undefined;
    const found = await this.o.cluster.recorded(this.o.input.member.clusterResourceId, operationId);
    if (found?.outcome === 'failed') return this.fail(found.error, operationId);
    if (found?.outcome === 'inProgress' || found?.outcome === 'retry') this.recordedOperationId = operationId;
    return found?.outcome === 'retry' ? this.retry(found, at) : undefined;
  }

  /** Whether the member's row shows an upgrade of this run under way (a re-run after a crash finds it so). */
  private async upgradeUnderWay(): Promise<boolean> {
    return upgradeUnderWayIn(await this.readRow());
  }

  /** The member's row before this activity wrote it: read alongside the cluster when the update began. */
  private readRow(): Promise<StoredMemberRow> {
    if ('rowAtStart' in this.o) return Promise.resolve(this.o.rowAtStart);
    return readMemberRow(this.o.ports, this.o.input);
  }
}

/**
 * Whether a member's row shows an upgrade of this run under way: Running, with the operation it began or about to
 * begin one (the row an activity stores before its first request). A re-run of the activity after a crash finds it.
 */
export function upgradeUnderWayIn(row: StoredMemberRow): boolean {
  return row?.status?.state === 'Running' && (row.operationId !== undefined || row.message === BEGINNING_MESSAGE);
}

/** Reads a member's row, as last written. */
export function readMemberRow(ports: Pick<MemberUpdatePorts, 'readRow'>, input: MemberUpdateInput) {
  return ports.readRow(input.run, { key: memberRows.key(input), order: input.member.order });
}
