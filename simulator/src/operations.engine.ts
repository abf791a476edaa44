import { randomUUID } from 'node:crypto';
import { clusterId } from './arm-shapes';
import { ArmError } from './errors';
import type { Settings } from './settings.schema';
import { consumeFailure, failCodeOf, failNextOf, timingOf } from './sim-tags';
import type { ClusterRecord, OperationKind, OperationRecord, PoolChange } from './state.schema';
import { clusterKey, type SimState } from './state.store';

/** What a route asks the engine to do: the versions one upgrade moves from and to. */
export interface UpgradeRequest {
  cluster: ClusterRecord;
  kind: OperationKind;
  resourceId: string;
  kubernetesVersion?: { from: string; to: string };
  pools: PoolChange[];
}

const KIND_TEXT: Record<OperationKind, string> = {
  ManagedClusterUpgrade: 'upgrade managed cluster',
  AgentPoolUpgrade: 'upgrade agent pool',
  NodeImageUpgrade: 'upgrade node image version',
};

/**
 * Runs upgrade operations in simulated time. Each operation stores its start and expected end, so a
 * restarted simulator finishes it at the same moment; completion happens on a timer and on every request.
 */
export class OperationEngine {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly state: SimState,
    private readonly settings: () => Settings,
    private readonly clock: () => number,
  ) {}

  /** The in-progress operation of a cluster, if any. */
  running(cluster: Pick<ClusterRecord, 'subscriptionId' | 'resourceGroup' | 'name'>): OperationRecord | undefined {
    const key = clusterKey(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
    for (const op of this.state.inProgress.values()) {
      if (clusterKey(op.subscriptionId, op.resourceGroup, op.clusterName) === key) return op;
    }
    return undefined;
  }

  /** AKS refuses a second operation on a busy cluster with 409 OperationNotAllowed. */
  assertIdle(cluster: ClusterRecord): void {
    const op = this.running(cluster);
    if (!op) return;
    throw new ArmError(
      'OperationNotAllowedConflict',
      `Operation is not allowed because there's an in progress ${KIND_TEXT[op.kind]} operation (${op.id}) started at ${op.startTime}. Please wait for it to finish before starting a new operation.`,
    );
  }

  async start(request: UpgradeRequest): Promise<OperationRecord> {
    const { cluster } = request;
    const settings = this.settings();
    const timing = timingOf(cluster.tags, settings);
    let seconds = request.kubernetesVersion ? timing.controlPlaneSeconds : 0;
    for (const change of request.pools) {
      const pool = cluster.pools.find((p) => p.name === change.name);
      seconds += (pool?.count ?? 0) * timing.nodeSeconds(change.name);
    }
    const now = this.clock();
    const op: OperationRecord = {
      id: randomUUID(),
      kind: request.kind,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      clusterName: cluster.name,
      location: cluster.location,
      resourceId: request.resourceId,
      status: 'InProgress',
      startTime: new Date(now).toISOString(),
      expectedEndTime: new Date(now + (seconds * 1000) / settings.speed).toISOString(),
      pools: request.pools,
      ...(request.kubernetesVersion ? { kubernetesVersion: request.kubernetesVersion } : {}),
    };
    if (failNextOf(cluster.tags) > 0) {
      op.plannedFailure = {
        code: failCodeOf(cluster.tags),
        message: `Simulated failure (sim-fail-next): ${KIND_TEXT[op.kind]} of ${clusterId(cluster)} failed.`,
      };
      cluster.tags = consumeFailure(cluster.tags);
    }
    markInProgress(cluster, request);
    await Promise.all([this.state.saveCluster(cluster), this.state.saveOperation(op)]);
    await this.advance();
    return this.state.operations.get(op.id) ?? op;
  }

  /** Completes every operation whose expected end has passed, then re-arms the timer. */
  async advance(): Promise<void> {
    const due = this.due();
    await Promise.all(due.map((op) => this.complete(op)));
    this.schedule();
  }

  /**
   * Before a request is answered: completes due operations in memory at once, so the answer shows them ended as
   * AKS would, and writes them behind. A crash before the write lands loses nothing: the restarted simulator
   * completes them again, the same way, from their stored expected end (and `stop` flushes).
   */
  completeDue(): void {
    const due = this.due();
    if (due.length === 0) return;
    Promise.all(due.map((op) => this.complete(op))).catch((error: unknown) =>
      console.error('[aks-simulator] storing completed operations failed', error),
    );
    this.schedule();
  }

  private due(): OperationRecord[] {
    const now = this.clock();
    return [...this.state.inProgress.values()].filter((op) => Date.parse(op.expectedEndTime) <= now);
  }

  /** Marks the cluster's running operation Canceled (the cluster is being deleted). */
  async cancel(cluster: ClusterRecord): Promise<void> {
    const op = this.running(cluster);
    if (!op) return;
    const canceled: OperationRecord = {
      ...op,
      status: 'Canceled',
      endTime: new Date(this.clock()).toISOString(),
      error: { code: 'Canceled', message: 'The operation was canceled because the managed cluster was deleted.' },
    };
    await this.state.saveOperation(canceled);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  // endTime is the planned end: simulated time runs on while the process is down or the timer is late.
  private async complete(op: OperationRecord): Promise<void> {
    const failure = op.plannedFailure;
    // Status changes in memory first so a concurrent advance() cannot complete it twice.
    const done: OperationRecord = {
      ...op,
      status: failure ? 'Failed' : 'Succeeded',
      endTime: op.expectedEndTime,
      ...(failure ? { error: failure } : {}),
    };
    this.state.setOperation(done);
    const cluster = this.state.getCluster(op.subscriptionId, op.resourceGroup, op.clusterName);
    const writes = [this.state.saveOperation(done)];
    if (cluster) {
      if (failure) markFailed(cluster, op);
      else markSucceeded(cluster, op);
      writes.push(this.state.saveCluster(cluster));
    }
    await Promise.all(writes);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const op of this.state.inProgress.values()) next = Math.min(next, Date.parse(op.expectedEndTime));
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.clock()), 2_147_000_000);
    this.timer = setTimeout(() => {
      this.advance().catch((error: unknown) => console.error('[aks-simulator] completing operations failed', error));
    }, delay);
    this.timer.unref();
  }
}

function markInProgress(cluster: ClusterRecord, request: UpgradeRequest): void {
  const imageOnly = request.kind === 'NodeImageUpgrade';
  if (request.kubernetesVersion) cluster.kubernetesVersion = request.kubernetesVersion.to;
  cluster.provisioningState = imageOnly ? 'Updating' : 'Upgrading';
  for (const change of request.pools) {
    const pool = cluster.pools.find((p) => p.name === change.name);
    if (!pool) continue;
    if (change.orchestratorVersion) pool.orchestratorVersion = change.orchestratorVersion.to;
    pool.provisioningState = change.orchestratorVersion ? 'Upgrading' : 'UpgradingNodeImageVersion';
  }
}

function markSucceeded(cluster: ClusterRecord, op: OperationRecord): void {
  if (op.kubernetesVersion) {
    cluster.kubernetesVersion = op.kubernetesVersion.to;
    cluster.currentKubernetesVersion = op.kubernetesVersion.to;
  }
  cluster.provisioningState = 'Succeeded';
  for (const change of op.pools) {
    const pool = cluster.pools.find((p) => p.name === change.name);
    if (!pool) continue;
    if (change.orchestratorVersion) {
      pool.orchestratorVersion = change.orchestratorVersion.to;
      pool.currentOrchestratorVersion = change.orchestratorVersion.to;
    }
    if (change.nodeImageVersion) pool.nodeImageVersion = change.nodeImageVersion.to;
    pool.provisioningState = 'Succeeded';
  }
}

// A failed upgrade leaves versions where they were (desired reverts to current) and the resources Failed.
function markFailed(cluster: ClusterRecord, op: OperationRecord): void {
  cluster.kubernetesVersion = cluster.currentKubernetesVersion;
  cluster.provisioningState = 'Failed';
  for (const change of op.pools) {
    const pool = cluster.pools.find((p) => p.name === change.name);
    if (!pool) continue;
    pool.orchestratorVersion = pool.currentOrchestratorVersion;
    pool.provisioningState = 'Failed';
  }
}
