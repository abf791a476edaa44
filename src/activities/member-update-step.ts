import { nextPollSeconds } from '../domain';
import type { OperationHandle } from '../clusters/operation-handle.schema';
import type { ErrorDetail } from '../orchestrators/contracts';
import type { MemberOutcome, MemberUpdateInput, UpgradeProgress } from '../orchestrators/member-contracts';
import type { createMemberClusterSteps, MemberPlan } from './member-cluster';
import { memberRows, OrderedRowWrites } from './member-rows';
import { BEGINNING_MESSAGE } from './member-step';
import type { MemberUpdatePorts } from './member-update.activities';

/** One activity's share of a member's update: what it needs, and the rows it writes on the way. */
export interface MemberUpdateStepOptions {
  input: MemberUpdateInput;
  startTime: string;
  cluster: ReturnType<typeof createMemberClusterSteps>;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  ports: MemberUpdatePorts;
}

/**
 * Carries out a decision about a member, or takes its upgrade further: begins each step (idempotently: a re-run
 * finds the operation it started), polls it, goes on to the next when it succeeds, and records the member's row
 * at each change. Terminal errors fail the member with ARM's code and message; retriable ones (a busy cluster,
 * throttling, 5xx) come back as `Running` with a back-off until MEMBER_BUSY_WAIT_SECONDS is spent.
 */
export class MemberUpdateStep {
  readonly rows: OrderedRowWrites;
  private readonly deadline: number;

  constructor(private readonly o: MemberUpdateStepOptions) {
    this.rows = new OrderedRowWrites(o.input.run, o.ports.writeRows);
    this.deadline = o.clock() + o.ports.inlinePollSeconds * 1000;
  }

  private now(): string {
    return new Date(this.o.clock()).toISOString();
  }

  async act(plan: MemberPlan, retryingSince?: string): Promise<MemberOutcome> {
    const { input, startTime } = this.o;
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
        return this.retry(plan, undefined, retryingSince);
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
        const begun = await cluster.beginStep(input.member.clusterResourceId, step);
        if (begun.outcome === 'retry') return this.retry(begun, progress, retryingSince);
        if (begun.outcome === 'failed') return this.fail(begun.error);
        operation = begun.handle;
        progress = { ...progress, operation };
        this.rows.push(memberRows.running(input, startTime, begun.message, operation.operationId));
      }
      const polledAt = clock();
      const polled = await cluster.poll(operation);
      if (polled.outcome === 'failed') return this.fail(polled.error, operation.operationId);
      if (polled.outcome === 'retry') return this.retry(polled, progress, retryingSince);
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
  private retry(
    failure: { retryAfterSeconds: number; error: ErrorDetail },
    progress: UpgradeProgress | undefined,
    since: string | undefined,
  ): MemberOutcome {
    const { input, startTime } = this.o;
    const retryingSince = since ?? this.now();
    const deadline = Date.parse(retryingSince) + input.busyWaitSeconds * 1000;
    if (this.o.clock() >= deadline) return this.fail(failure.error, progress?.operation?.operationId);
    const { code, message } = failure.error;
    const until = new Date(deadline).toISOString();
    const text = `Waiting for the cluster to accept the upgrade (${code}: ${message}); retrying until ${until}.`;
    this.rows.push(memberRows.waiting(input, startTime, text));
    const after = { retryAfterSeconds: failure.retryAfterSeconds, retryingSince };
    return { state: 'Running', startTime, ...(progress ? { progress } : {}), ...after };
  }

  /** Whether the member's row shows an upgrade of this run under way (a re-run after a crash finds it so). */
  private async upgradeUnderWay(): Promise<boolean> {
    const at = { key: memberRows.key(this.o.input), order: this.o.input.member.order };
    const row = await this.o.ports.readRow(this.o.input.run, at);
    return row?.status?.state === 'Running' && (row.operationId !== undefined || row.message === BEGINNING_MESSAGE);
  }
}
