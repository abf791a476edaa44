import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBSCRIPTION, type FleetStack } from '../../support/fleet-stack';
import { clusterIdIn } from './e2e-fleet';

/** The `fleet` bin as `npm ci` installs it (it runs the built CLI in dist/). */
export const FLEET_BIN = path.resolve(__dirname, '..', '..', '..', 'cli', 'bin', 'fleet.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A bash in which `fleet` is the CLI pointed at the stack's API, run from a scratch directory (for files like the
 * doc's example-stages.json), with `vars` exported: commands run as a reader would paste them.
 */
export function fleetShell(stack: FleetStack, vars: Record<string, string> = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    FLEET_ENDPOINT: stack.devhost.url,
    AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
    ...vars,
  };
  return {
    cwd,
    writeFile: (name: string, text: string): void => fs.writeFileSync(path.join(cwd, name), text),
    /** Runs one command line; never throws for a non-zero exit. */
    run: (command: string, timeoutMs = 60_000): Promise<CliResult> =>
      new Promise((resolve) => {
        const script = `fleet() { node ${JSON.stringify(FLEET_BIN)} "$@"; }\n${command}`;
        execFile(
          'bash',
          ['--noprofile', '--norc', '-c', script],
          { cwd, env, timeout: timeoutMs },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    /** Runs a command that must succeed and answers its stdout parsed as JSON. */
    async json<T = Record<string, unknown>>(command: string): Promise<T> {
      const result = await this.run(command);
      if (result.code !== 0) throw new Error(`${command}: exit ${result.code}\n${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    remove: (): void => fs.rmSync(cwd, { recursive: true, force: true }),
  };
}

/** Clusters in the simulator (raw PUT), in `resourceGroup`, each with one system pool; answers their ARM ids. */
export async function someClusters(
  stack: FleetStack,
  resourceGroup: string,
  clusters: Array<{ name: string; tags?: Record<string, string>; kubernetesVersion?: string }>,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const c of clusters) {
    const id = clusterIdIn(resourceGroup, c.name);
    const body = {
      location: 'eastus',
      tags: c.tags ?? {},
      properties: {
        kubernetesVersion: c.kubernetesVersion ?? '1.31.8',
        dnsPrefix: c.name,
        agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System', vmSize: 'Standard_D2s_v5', osType: 'Linux' }],
      },
    };
    const response = await fetch(`${stack.simulator.url}${id}?api-version=2025-02-01`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`creating ${c.name}: ${response.status} ${await response.text()}`);
    ids[c.name] = id;
  }
  return ids;
}
