import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createLocalContainerServiceClient } from '../../src/arm-client';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/server';

export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
export const RG = 'rg-test';
/** Poll fast: the simulator answers Retry-After: 0 in tests so this interval applies. */
export const POLL = { updateIntervalInMs: 20 };

/** A simulator on a free port with its own tables, and an ARM client pointed at it. */
export interface SimFixture {
  sim: SimulatorHandle;
  client: ContainerServiceClient;
  tablePrefix: string;
  /** Raw HTTP against the simulator (for status codes and headers the SDK hides). */
  http(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function uniquePrefix(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export async function startFixture(options: Partial<SimulatorOptions> = {}): Promise<SimFixture> {
  const tablePrefix = options.tablePrefix ?? uniquePrefix();
  const sim = await startSimulator({
    port: 0,
    storageConnectionString: inject('storageConnectionString'),
    env: {},
    ...options,
    tablePrefix,
    settings: {
      controlPlaneSeconds: 0.3,
      nodeSeconds: 0.05,
      pollRetryAfterSeconds: 0,
      throttleRetryAfterSeconds: 0,
      ...options.settings,
    },
  });
  const client = createLocalContainerServiceClient(sim.url, SUBSCRIPTION, {
    retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  });
  return {
    sim,
    client,
    tablePrefix,
    http: (path, init) => fetch(`${sim.url}${path}`, init),
    stop: () => sim.stop(),
  };
}

/** A cluster body with one system pool (and optional extra pools). */
export function aCluster(overrides: Partial<ManagedCluster> = {}): ManagedCluster {
  return {
    location: 'eastus',
    kubernetesVersion: '1.31.8',
    dnsPrefix: 'test',
    agentPoolProfiles: [{ name: 'system', count: 2, vmSize: 'Standard_D2s_v3', mode: 'System', osType: 'Linux' }],
    ...overrides,
  };
}

export function clusterPath(name: string, suffix = ''): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}${suffix}?api-version=2025-02-01`;
}

/** The ARM error an SDK call rejected with: status code plus `code`/`message` of the body. */
export async function armErrorOf(
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message: string };
    return { statusCode: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}

/** Publishes a node image in a region ("a new release"), as tests and demos do with PUT /simulator/catalog. */
export async function publishNodeImage(f: SimFixture, region: string, image: string): Promise<void> {
  const catalog = (await (await f.http('/simulator/catalog')).json()) as { nodeImages: Record<string, string[]> };
  catalog.nodeImages[region] = [...(catalog.nodeImages[region] ?? []), image];
  const response = await f.http('/simulator/catalog', {
    method: 'PUT',
    body: JSON.stringify(catalog),
    headers: { 'content-type': 'application/json' },
  });
  if (response.status !== 200) throw new Error(`catalog PUT failed: ${response.status} ${await response.text()}`);
}

/** Raw JSON PUT (for fields the SDK strips as read-only, like nodeImageVersion in 2025-02-01). */
export function putJson(f: SimFixture, path: string, body: unknown): Promise<Response> {
  return f.http(path, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

/** Polls an Azure-AsyncOperation URL until the status is terminal; returns the last status body. */
export async function waitForOperation(
  url: string,
  timeoutMs = 10_000,
): Promise<{ status: string; [key: string]: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await fetch(url)).json()) as { status: string };
    if (body.status !== 'InProgress' || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
