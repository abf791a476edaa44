import type { MaintenanceConfigurationName, MaintenanceWindow } from '../domain';
import type { AgentPoolUpgradeTarget, ClusterClient, ClusterSnapshot, LatestNodeImages } from './cluster-client';
import { TerminalClusterError } from './cluster-errors';
import { clusterResourceId, parseClusterResourceId } from './cluster-resource-id';
import { handleWithoutStart, type HandleBase } from './arm-lro';
import type { ClusterErrorDetail, OperationHandle, OperationPoll } from './operation-handle.schema';
import { decideAgentPoolBegin, decideControlPlaneBegin, evaluateResourceState, requirePool } from './upgrade-decisions';
import { endFakeOperation, type FakeOperation } from './fake-operations';

/** One `begin*` call: what it asked for and whether it started an operation or found one not needed. */
export interface FakeLogEntry {
  method: 'beginControlPlaneUpgrade' | 'beginAgentPoolUpgrade' | 'beginNodeImageUpgrade';
  clusterResourceId: string;
  agentPoolName?: string;
  target: OperationHandle['target'];
  outcome: 'started' | 'completed' | 'inFlight';
  operationId: string;
}

/** Options of FakeClusterClient. */
export interface FakeClusterClientOptions {
  /** The poll that ends an operation (1 = the first poll already reports Succeeded/Failed); default 2. */
  pollsUntilDone?: number;
  /** Reported with every InProgress poll. */
  retryAfterSeconds?: number;
}

const OPERATION_URL = 'https://fake-cluster-client.invalid/operations/';
type Method = keyof ClusterClient;

/**
 * In-memory ClusterClient with the same idempotency rules as ArmClusterClient (upgrade-decisions.ts): begin twice and
 * the second call finds the first operation. `fake.log` lists every begin; `fake.started()` only the real starts.
 */
export class FakeClusterClient implements ClusterClient {
  readonly log: FakeLogEntry[] = [];
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly windows = new Map<string, MaintenanceWindow>();
  private readonly latest = new Map<string, LatestNodeImages>();
  private readonly upgrades = new Map<string, string[]>();
  private readonly regionVersions = new Map<string, string[]>();
  private readonly operations = new Map<string, FakeOperation>();
  private readonly plannedFailures = new Map<string, ClusterErrorDetail[]>();
  private readonly callFailures = new Map<Method, Error[]>();
  private nextId = 1;

  constructor(private readonly options: FakeClusterClientOptions = {}) {}

  /** Adds (or replaces) clusters; build them with `aCluster({ name })`. */
  withClusters(...clusters: ClusterSnapshot[]): this {
    for (const cluster of clusters) this.clusters.set(key(cluster.id), structuredClone(cluster));
    return this;
  }

  withMaintenanceWindow(id: string, configName: MaintenanceConfigurationName, window: MaintenanceWindow): this {
    this.windows.set(`${key(id)}|${configName.toLowerCase()}`, structuredClone(window));
    return this;
  }

  /** What getUpgradeProfile reports per pool, and what node image "latest" upgrades move to. */
  withLatestNodeImages(id: string, images: LatestNodeImages): this {
    this.latest.set(key(id), { ...images });
    return this;
  }

  /** The Kubernetes versions getKubernetesUpgrades reports for the cluster (none by default). */
  withKubernetesUpgrades(id: string, versions: string[]): this {
    this.upgrades.set(key(id), [...versions]);
    return this;
  }

  /** The Kubernetes versions getKubernetesVersions reports for a region (none, i.e. not known, by default). */
  withKubernetesVersions(location: string, versions: string[]): this {
    this.regionVersions.set(location.toLowerCase(), [...versions]);
    return this;
  }

  /** The next operation started on the cluster fails at its end with this ARM error. */
  failNextOperation(id: string, error: ClusterErrorDetail = { code: 'UpgradeFailed', message: 'Simulated.' }): this {
    this.plannedFailures.set(key(id), [...(this.plannedFailures.get(key(id)) ?? []), error]);
    return this;
  }

  /** The next call of `method` throws `error` (e.g. a RetriableClusterError or TerminalClusterError). */
  failNextCall(method: Method, error: Error): this {
    this.callFailures.set(method, [...(this.callFailures.get(method) ?? []), error]);
    return this;
  }

  /** A copy of the cluster as it is now. */
  cluster(id: string): ClusterSnapshot {
    return structuredClone(this.require(id));
  }

  /** The begins that really started an operation. */
  started(): FakeLogEntry[] {
    return this.log.filter((entry) => entry.outcome === 'started');
  }

  getCluster(id: string): Promise<ClusterSnapshot> {
    return this.run('getCluster', () => this.cluster(id));
  }

  getMaintenanceWindow(id: string, name: MaintenanceConfigurationName): Promise<MaintenanceWindow | undefined> {
    return this.run('getMaintenanceWindow', () => {
      this.require(id);
      const window = this.windows.get(`${key(id)}|${name.toLowerCase()}`);
      return window && structuredClone(window);
    });
  }

  getLatestNodeImages(id: string): Promise<LatestNodeImages> {
    return this.run('getLatestNodeImages', () => {
      this.require(id);
      return { ...this.latest.get(key(id)) };
    });
  }

  getKubernetesUpgrades(id: string): Promise<string[]> {
    return this.run('getKubernetesUpgrades', () => {
      this.require(id);
      return [...(this.upgrades.get(key(id)) ?? [])];
    });
  }

  /** What the region offers, in any subscription (the fake keeps one catalog). */
  getKubernetesVersions(_id: string, location: string): Promise<string[]> {
    return this.run('getKubernetesVersions', () => [...(this.regionVersions.get(location.toLowerCase()) ?? [])]);
  }

  beginControlPlaneUpgrade(id: string, kubernetesVersion: string): Promise<OperationHandle> {
    return this.run('beginControlPlaneUpgrade', () => {
      const cluster = this.require(id);
      const base: HandleBase = { kind: 'ControlPlaneUpgrade', clusterResourceId: id, target: { kubernetesVersion } };
      return this.begin('beginControlPlaneUpgrade', base, decideControlPlaneBegin(cluster, kubernetesVersion), () => {
        cluster.kubernetesVersion = kubernetesVersion;
        cluster.provisioningState = 'Upgrading';
      });
    });
  }

  beginAgentPoolUpgrade(id: string, agentPoolName: string, target: AgentPoolUpgradeTarget): Promise<OperationHandle> {
    return this.run('beginAgentPoolUpgrade', () => this.beginPool('beginAgentPoolUpgrade', id, agentPoolName, target));
  }

  beginNodeImageUpgrade(id: string, agentPoolName: string, nodeImageVersion?: string): Promise<OperationHandle> {
    return this.run('beginNodeImageUpgrade', () => {
      const image = nodeImageVersion ?? this.latest.get(key(id))?.[agentPoolName];
      const target = image === undefined ? {} : { nodeImageVersion: image };
      return this.beginPool('beginNodeImageUpgrade', id, agentPoolName, target);
    });
  }

  pollOperation(handle: OperationHandle): Promise<OperationPoll> {
    return this.run('pollOperation', () => {
      if (handle.poll.type === 'completed') return { status: 'Succeeded' };
      if (handle.poll.type === 'resourceState')
        return evaluateResourceState(handle, this.require(handle.clusterResourceId));
      const operation = this.operations.get(handle.poll.url.slice(OPERATION_URL.length));
      if (!operation) throw new TerminalClusterError('NotFound', `Operation ${handle.operationId} was not found.`);
      operation.polls += 1;
      if (operation.status === 'InProgress' && operation.polls >= (this.options.pollsUntilDone ?? 2)) {
        this.finish(operation);
      }
      if (operation.status !== 'InProgress') {
        return { status: operation.status, ...(operation.failure ? { error: operation.failure } : {}) };
      }
      const after = this.options.retryAfterSeconds;
      return { status: 'InProgress', ...(after !== undefined ? { retryAfterSeconds: after } : {}) };
    });
  }

  /** Looking an operation up counts as one of its polls (time passes for the fake only when it is polled). */
  async getOperation(id: string, operationId: string): Promise<OperationPoll | undefined> {
    const operation = await this.run('getOperation', () => {
      this.require(id);
      return this.operations.get(operationId);
    });
    return operation && this.pollOperation(operation.handle);
  }

  private beginPool(method: FakeLogEntry['method'], id: string, poolName: string, target: AgentPoolUpgradeTarget) {
    const cluster = this.require(id);
    const kind = method === 'beginNodeImageUpgrade' ? 'NodeImageUpgrade' : 'AgentPoolUpgrade';
    const base: HandleBase = { kind, clusterResourceId: id, agentPoolName: poolName, target };
    return this.begin(method, base, decideAgentPoolBegin(cluster, poolName, target), () => {
      const pool = requirePool(cluster, poolName);
      if (target.orchestratorVersion !== undefined) pool.orchestratorVersion = target.orchestratorVersion;
      pool.provisioningState = target.orchestratorVersion ? 'Upgrading' : 'UpgradingNodeImageVersion';
      cluster.provisioningState = target.orchestratorVersion ? 'Upgrading' : 'Updating';
    });
  }

  private begin(
    method: FakeLogEntry['method'],
    base: HandleBase,
    decision: Parameters<typeof handleWithoutStart>[1],
    markInProgress: () => void,
  ): OperationHandle {
    const resourceId = base.agentPoolName
      ? `${base.clusterResourceId}/agentPools/${base.agentPoolName}`
      : base.clusterResourceId;
    const found = handleWithoutStart(base, decision, resourceId);
    const entry = { method, clusterResourceId: base.clusterResourceId, target: base.target };
    const pool = base.agentPoolName ? { agentPoolName: base.agentPoolName } : {};
    if (found) {
      const outcome = found.poll.type === 'completed' ? 'completed' : 'inFlight';
      this.log.push({ ...entry, ...pool, outcome, operationId: found.operationId });
      return found;
    }
    const operationId = `fake-op-${this.nextId++}`;
    const handle: OperationHandle = {
      ...base,
      operationId,
      poll: { type: 'asyncOperation', url: OPERATION_URL + operationId },
    };
    const failure = this.plannedFailures.get(key(base.clusterResourceId))?.shift();
    this.operations.set(operationId, { handle, polls: 0, status: 'InProgress', ...(failure ? { failure } : {}) });
    markInProgress();
    this.log.push({ ...entry, ...pool, outcome: 'started', operationId });
    return handle;
  }

  private finish(operation: FakeOperation): void {
    const cluster = this.require(operation.handle.clusterResourceId);
    endFakeOperation(operation, cluster, this.latest.get(key(cluster.id)));
  }

  private require(id: string): ClusterSnapshot {
    const cluster = this.clusters.get(key(id));
    if (cluster) return cluster;
    const ref = parseClusterResourceId(id);
    throw new TerminalClusterError(
      'ResourceNotFound',
      `The Resource 'Microsoft.ContainerService/managedClusters/${ref.name}' under resource group '${ref.resourceGroup}' was not found.`,
    );
  }

  private async run<T>(method: Method, work: () => T): Promise<T> {
    await Promise.resolve();
    const failure = this.callFailures.get(method)?.shift();
    if (failure !== undefined) throw failure;
    return structuredClone(work());
  }
}

function key(id: string): string {
  return clusterResourceId(parseClusterResourceId(id)).toLowerCase();
}
