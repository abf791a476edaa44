import type { ContainerServiceFleetClient, UpdateRun } from '@azure/arm-containerservicefleet';
import type { Catalog, OperationRecord } from '../../../simulator/src/index';
import { SUBSCRIPTION, type FleetStack } from '../../support/fleet-stack';
import { FAST, joinFleet, RG } from '../../support/fleet-fixtures';

export { joinFleet };

/** One cluster to create in the simulator (raw PUT, so pools may name their node image) and join to a fleet. */
export interface E2eCluster {
  name: string;
  location?: string;
  kubernetesVersion?: string;
  group?: string;
  tags?: Record<string, string>;
  pools?: Array<{ name: string; count?: number; osSKU?: string; nodeImageVersion?: string }>;
}

export type UpdateRunProperties = NonNullable<UpdateRun['properties']>;

export function clusterIdIn(resourceGroup: string, name: string): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** Creates the clusters (all in RG) and a fleet holding them as members. */
export async function aFleet(stack: FleetStack, fleetName: string, clusters: E2eCluster[]): Promise<void> {
  await Promise.all(
    clusters.map(async (c) => {
      const body = {
        location: c.location ?? 'eastus',
        tags: c.tags ?? {},
        properties: {
          kubernetesVersion: c.kubernetesVersion ?? '1.31.8',
          dnsPrefix: c.name,
          agentPoolProfiles: (c.pools ?? [{ name: 'system' }]).map((p, i) => ({
            count: 1,
            mode: i === 0 ? 'System' : 'User',
            vmSize: 'Standard_D2s_v5',
            osType: 'Linux',
            ...p,
          })),
        },
      };
      const response = await fetch(`${stack.simulator.url}${clusterIdIn(RG, c.name)}?api-version=2025-02-01`, {
        method: 'PUT',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`creating ${c.name}: ${response.status} ${await response.text()}`);
    }),
  );
  await joinFleet(
    stack,
    fleetName,
    clusters.map((c) => ({ name: c.name, clusterResourceId: clusterIdIn(RG, c.name), group: c.group })),
  );
}

/** The update-run calls of one fleet through the official client. */
export function runsOf(stack: FleetStack, fleetName: string) {
  const runs = (): ContainerServiceFleetClient['updateRuns'] => stack.fleetClient.updateRuns;
  return {
    create: (name: string, properties: UpdateRunProperties) =>
      runs().createOrUpdate(RG, fleetName, name, { properties }, FAST),
    start: (name: string) => runs().start(RG, fleetName, name, FAST),
    stop: (name: string) => runs().stop(RG, fleetName, name, FAST),
    skip: (name: string, targets: Array<{ type: 'Member' | 'Group' | 'Stage' | 'AfterStageWait'; name: string }>) =>
      runs().skip(RG, fleetName, name, { targets }, FAST),
    delete: (name: string) => runs().delete(RG, fleetName, name, FAST),
    get: (name: string) => runs().get(RG, fleetName, name),
    /** Polls the run until `done` holds of it; fails with the last status. */
    async waitFor(name: string, done: (run: UpdateRun) => boolean, timeoutMs = 60_000): Promise<UpdateRun> {
      const deadline = Date.now() + timeoutMs;
      let last: UpdateRun | undefined;
      while (Date.now() < deadline) {
        last = await runs().get(RG, fleetName, name);
        if (done(last)) return last;
        await sleep(100);
      }
      throw new Error(`run ${name}: condition not met; last status: ${JSON.stringify(last?.properties?.status)}`);
    },
  };
}

export const runState = (run: UpdateRun): string | undefined => run.properties?.status?.status?.state;
export const isTerminal = (run: UpdateRun): boolean =>
  ['Completed', 'Failed', 'Stopped', 'Skipped'].includes(runState(run) ?? '');

/** A member of a run's status with where it sits and when it ran. */
export interface MemberView {
  stage: string;
  group: string;
  name: string;
  state: string | undefined;
  start: number | undefined;
  end: number | undefined;
  message: string | undefined;
  error: { code?: string; message?: string } | undefined;
}

export function membersOf(run: UpdateRun): MemberView[] {
  return (run.properties?.status?.stages ?? []).flatMap((stage) =>
    (stage.groups ?? []).flatMap((group) =>
      (group.members ?? []).map((m) => ({
        stage: stage.name ?? '',
        group: group.name ?? '',
        name: m.name ?? '',
        state: m.status?.state,
        start: m.status?.startTime?.getTime(),
        end: m.status?.completedTime?.getTime(),
        message: m.message,
        error: m.status?.error,
      })),
    ),
  );
}

export function memberOf(run: UpdateRun, name: string): MemberView {
  const found = membersOf(run).find((m) => m.name === name);
  if (!found) throw new Error(`member ${name} is not in run ${run.name ?? ''}`);
  return found;
}

/** Member name → state, for compact assertions. */
export function memberStates(run: UpdateRun): Record<string, string | undefined> {
  return Object.fromEntries(membersOf(run).map((m) => [m.name, m.state]));
}

export function stageOf(run: UpdateRun, name: string) {
  const stage = run.properties?.status?.stages?.find((s) => s.name === name);
  if (!stage) throw new Error(`stage ${name} is not in run ${run.name ?? ''}`);
  return stage;
}

export function groupOf(run: UpdateRun, name: string) {
  const group = run.properties?.status?.stages?.flatMap((s) => s.groups ?? []).find((g) => g.name === name);
  if (!group) throw new Error(`group ${name} is not in run ${run.name ?? ''}`);
  return group;
}

/** The simulator's upgrade log (oldest first), optionally for one cluster. */
export async function upgradeOperations(stack: FleetStack, cluster?: string): Promise<OperationRecord[]> {
  const query = cluster ? `?cluster=${encodeURIComponent(cluster)}` : '';
  const response = await fetch(`${stack.simulator.url}/simulator/operations${query}`);
  if (!response.ok) throw new Error(`GET /simulator/operations: ${response.status}`);
  return ((await response.json()) as { value: OperationRecord[] }).value;
}

/** Cluster name → number of upgrade operations the simulator saw for it. */
export async function operationCounts(stack: FleetStack): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const op of await upgradeOperations(stack)) counts[op.clusterName] = (counts[op.clusterName] ?? 0) + 1;
  return counts;
}

export async function getCatalog(stack: FleetStack): Promise<Catalog> {
  return (await (await fetch(`${stack.simulator.url}/simulator/catalog`)).json()) as Catalog;
}

export async function putCatalog(stack: FleetStack, catalog: Catalog): Promise<void> {
  const response = await fetch(`${stack.simulator.url}/simulator/catalog`, {
    method: 'PUT',
    body: JSON.stringify(catalog),
    headers: { 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`PUT /simulator/catalog: ${response.status} ${await response.text()}`);
}

/** Replaces a cluster's tags in the simulator (PATCH replaces them all). */
export async function setClusterTags(stack: FleetStack, cluster: string, tags: Record<string, string>): Promise<void> {
  const response = await fetch(`${stack.simulator.url}${clusterIdIn(RG, cluster)}?api-version=2025-02-01`, {
    method: 'PATCH',
    body: JSON.stringify({ tags }),
    headers: { 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`PATCH tags of ${cluster}: ${response.status} ${await response.text()}`);
}

/** GET of a run as raw JSON under an api-version the official 2.0.0 client does not speak. */
export async function getRunRaw(
  stack: FleetStack,
  fleetName: string,
  runName: string,
  apiVersion: string,
): Promise<RawRun> {
  const path = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${fleetName}/updateRuns/${runName}`;
  const response = await fetch(`${stack.devhost.url}${path}?api-version=${apiVersion}`);
  if (!response.ok) throw new Error(`GET ${runName}@${apiVersion}: ${response.status} ${await response.text()}`);
  return (await response.json()) as RawRun;
}

export interface RawRun {
  properties: {
    status: {
      status: { state: string };
      stages: Array<{ name: string; groups: Array<{ name: string; members: Array<RawMember> }> }>;
    };
  };
}
export interface RawMember {
  name: string;
  message?: string;
  status: { state: string; startTime?: string; completedTime?: string; error?: { code: string; message: string } };
}

export function rawMember(run: RawRun, name: string): RawMember | undefined {
  return run.properties.status.stages.flatMap((s) => s.groups.flatMap((g) => g.members)).find((m) => m.name === name);
}

/** The error an official-client call threw, as status and ARM code/message. */
export async function armErrorOf(
  call: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message?: string };
    return { statusCode: e.statusCode, code: e.code, message: e.message ?? String(error) };
  }
  throw new Error('expected the call to fail');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Whether intervals [start, end] pairwise never overlap. */
export function overlaps(a: { start?: number; end?: number }, b: { start?: number; end?: number }): boolean {
  if (a.start === undefined || a.end === undefined || b.start === undefined || b.end === undefined) return false;
  return a.start < b.end && b.start < a.end;
}

/**
 * A fleet whose clusters take `controlPlaneSeconds` (simulated) to upgrade, a run that updates them one by one
 * (ControlPlaneOnly to 1.32.9) started, and the moment the cluster `upgrading` is in flight.
 */
export async function aRunUpgrading(
  stack: FleetStack,
  fleetName: string,
  options: { clusters: string[]; upgrading: string; controlPlaneSeconds?: number },
) {
  const tags = { 'sim-control-plane-seconds': String(options.controlPlaneSeconds ?? 20) };
  await aFleet(
    stack,
    fleetName,
    options.clusters.map((name) => ({ name, tags })),
  );
  const runs = runsOf(stack, fleetName);
  await runs.create('run', {
    managedClusterUpdate: { upgrade: { type: 'ControlPlaneOnly', kubernetesVersion: '1.32.9' } },
  });
  await runs.start('run');
  await eventually(
    async () => (await upgradeOperations(stack, options.upgrading)).find((op) => op.status === 'InProgress'),
    `${options.upgrading} in flight`,
  );
  return runs;
}
