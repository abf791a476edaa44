import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { connectionStringFor, freePort } from '../../devhost/src/azurite';
import { spawnStartAll, type StartAllProcess } from '../support/start-all-process';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/fleet-demo`;
const DEMO_FLEET = `${RESOURCE_GROUP}/providers/Microsoft.ContainerService/fleets/demo-fleet`;
const CLUSTERS = `${RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters`;
const API = '?api-version=2026-06-01';
const SIM_API = '?api-version=2025-02-01';
const OPERATION_TIMEOUT_MS = 20_000;

let env: Record<string, string>;
let app: string;
let simulator: string;
let dataDir: string;

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function expectStatus(method: string, url: string, body: unknown, statuses: number[]): Promise<unknown> {
  const response = await call(method, url, body);
  expect(statuses, `${method} ${url}: ${JSON.stringify(response.body)}`).toContain(response.status);
  return response.body;
}

/** `npm start`'s entry point on this suite's ports, with an Azurite of its own persisting into `dataDir`. */
async function startAll(): Promise<StartAllProcess> {
  const instance = await spawnStartAll(env);
  onTestFinished(async () => void (await instance.stop()));
  return instance;
}

/** A catalog PUT that adds `version` to what the simulator offers. */
async function addCatalogVersion(version: string): Promise<void> {
  const catalog = (await expectStatus('GET', `${simulator}/simulator/catalog`, undefined, [200])) as {
    kubernetesVersions: Array<{ version: string }>;
  };
  const next = { ...catalog, kubernetesVersions: [...catalog.kubernetesVersions, { version }] };
  await expectStatus('PUT', `${simulator}/simulator/catalog`, next, [200]);
}

async function catalogVersions(): Promise<string[]> {
  const catalog = (await expectStatus('GET', `${simulator}/simulator/catalog`, undefined, [200])) as {
    kubernetesVersions: Array<{ version: string }>;
  };
  return catalog.kubernetesVersions.map((v) => v.version);
}

/** The first in-progress control-plane upgrade the simulator reports, once there is one. */
async function controlPlaneUpgradeInProgress(): Promise<{ id: string; clusterName: string }> {
  const deadline = Date.now() + OPERATION_TIMEOUT_MS;
  for (;;) {
    const log = (await expectStatus('GET', `${simulator}/simulator/operations`, undefined, [200])) as {
      value: Array<{ id: string; clusterName: string; kind: string; status: string }>;
    };
    const upgrade = log.value.find((op) => op.kind === 'ManagedClusterUpgrade' && op.status === 'InProgress');
    if (upgrade) return upgrade;
    if (Date.now() > deadline) throw new Error(`no control-plane upgrade began within ${OPERATION_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('stopping npm start (stack/src/start-all.ts)', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-shutdown-'));
    const appPort = await freePort();
    const simulatorPort = await freePort();
    const azurite = { blob: await freePort(), queue: await freePort(), table: await freePort() };
    app = `http://127.0.0.1:${appPort}`;
    simulator = `http://127.0.0.1:${simulatorPort}`;
    env = {
      // Loopback Azurite ports where none runs: start-all starts its own, persistent one, as it does on 10000-10002.
      AzureWebJobsStorage: connectionStringFor(azurite),
      AZURITE_LOCATION: dataDir,
      DEVHOST_PORT: String(appPort),
      SIMULATOR_PORT: String(simulatorPort),
      SIMULATOR_SPEED: '1',
    };
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps a fleet, a member, a started update run, a begun cluster upgrade and a catalog PUT from just before a Ctrl+C', async () => {
    const first = await startAll();
    const fleet = `${RESOURCE_GROUP}/providers/Microsoft.ContainerService/fleets/kept-fleet`;
    const cluster = `${CLUSTERS}/kept-cluster`;
    const clusterBody = { location: 'eastus', properties: { agentPoolProfiles: [{ name: 'system', count: 1 }] } };
    await expectStatus('PUT', `${simulator}${cluster}${SIM_API}`, clusterBody, [200, 201]);
    await expectStatus('PUT', `${app}${fleet}${API}`, { location: 'eastus' }, [200, 201]);
    const member = { properties: { clusterResourceId: cluster, group: 'kept-group' } };
    await expectStatus('PUT', `${app}${fleet}/members/kept-member${API}`, member, [200, 201]);
    const run = {
      properties: {
        updateStrategyId: `${DEMO_FLEET}/updateStrategies/demo-stages`,
        managedClusterUpdate: {
          upgrade: { type: 'Full', kubernetesVersion: '1.31.13' },
          nodeImageSelection: { type: 'Latest' },
        },
      },
    };
    await expectStatus('PUT', `${app}${DEMO_FLEET}/updateRuns/kept-run${API}`, run, [200, 201]);
    await expectStatus('POST', `${app}${DEMO_FLEET}/updateRuns/kept-run/start${API}`, undefined, [200, 202]);
    const upgrade = await controlPlaneUpgradeInProgress();
    await addCatalogVersion('1.35.0');

    const stoppedAt = Date.now();
    expect(await first.interrupt(), first.logs).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);

    const second = await startAll();
    expect(second.logs).toContain('all of it was already there');
    await expectStatus('GET', `${app}${fleet}${API}`, undefined, [200]);
    await expectStatus('GET', `${app}${fleet}/members/kept-member${API}`, undefined, [200]);
    await expectStatus('GET', `${simulator}${cluster}${SIM_API}`, undefined, [200]);
    const kept = (await expectStatus('GET', `${app}${DEMO_FLEET}/updateRuns/kept-run${API}`, undefined, [200])) as {
      properties: { status?: { status?: { state?: string } } };
    };
    expect(kept.properties.status?.status?.state).not.toBe('NotStarted');
    const operation = (await expectStatus(
      'GET',
      `${simulator}/simulator/operations/${upgrade.id}`,
      undefined,
      [200],
    )) as { clusterName: string; status: string };
    expect(operation.clusterName).toBe(upgrade.clusterName);
    expect(await catalogVersions()).toContain('1.35.0');
  });

  it.each([
    { how: 'a SIGTERM', stop: (p: StartAllProcess) => p.stop(), version: '1.35.1' },
    { how: 'a Ctrl+C that npm relays (SIGINT twice)', stop: (p: StartAllProcess) => p.interrupt(2), version: '1.35.2' },
  ])('keeps a fleet and a catalog PUT from just before $how', async ({ stop, version }) => {
    const first = await startAll();
    const fleet = `${RESOURCE_GROUP}/providers/Microsoft.ContainerService/fleets/fleet-${version.replaceAll('.', '-')}`;
    await expectStatus('PUT', `${app}${fleet}${API}`, { location: 'eastus' }, [200, 201]);
    await addCatalogVersion(version);
    expect(await stop(first), first.logs).toBe(0);

    await startAll();
    await expectStatus('GET', `${app}${fleet}${API}`, undefined, [200]);
    expect(await catalogVersions()).toContain(version);
  });
});
