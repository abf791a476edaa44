import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnDevhost } from '../../test/support/devhost-process';
import { freePort } from '../src/azurite';

const REPO = path.resolve(__dirname, '..', '..');
const APP = path.join(REPO, 'test/devhost/apps/lifecycle');
const LOCAL_SETTINGS = path.join(APP, 'local.settings.json');

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'devhost/bin/devhost.cjs'), ...args], {
      env: { ...process.env, AzureWebJobsStorage: inject('storageConnectionString'), ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('devhost start', () => {
  beforeAll(() => {
    // local.settings.json is git-ignored, so the test writes the one it needs.
    fs.writeFileSync(
      LOCAL_SETTINGS,
      JSON.stringify({
        IsEncrypted: false,
        Values: { FROM_SETTINGS: 'from-file', ALREADY_SET: 'from-file', FUNCTIONS_WORKER_RUNTIME: 'node' },
        ConnectionStrings: { Main: 'Server=x' },
      }),
    );
  });
  afterAll(() => fs.rmSync(LOCAL_SETTINGS, { force: true }));

  it('prints a banner with each function and its URL or trigger, then the ready line', async () => {
    const devhost = await spawnDevhost({ appDir: APP });
    expect(devhost.logs).toContain(`env: [GET] ${devhost.url}/api/env`);
    expect(devhost.logs).toContain('nightly: timerTrigger (0 0 2 * * *)');
    expect(devhost.logs).toContain(`Devhost listening on ${devhost.url}`);
  });

  it('copies local.settings.json values into the environment unless already set, and sets host variables', async () => {
    const devhost = await spawnDevhost({ appDir: APP, env: { ALREADY_SET: 'from-env' } });
    const env = (await (await fetch(`${devhost.url}/api/env`)).json()) as Record<string, string>;
    expect(env).toEqual({
      WEBSITE_HOSTNAME: `127.0.0.1:${devhost.port}`,
      AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
      FUNCTIONS_WORKER_RUNTIME: 'node',
      FROM_SETTINGS: 'from-file',
      ALREADY_SET: 'from-env',
      'ConnectionStrings:Main': 'Server=x',
    });
  });

  it('runs appTerminate hooks and exits 0 on SIGTERM', async () => {
    const marker = path.join(os.tmpdir(), `devhost-terminate-${process.pid}-${Date.now()}`);
    const devhost = await spawnDevhost({ appDir: APP, env: { TERMINATE_MARKER: marker } });
    expect(await devhost.kill('SIGTERM')).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe('terminated');
    fs.rmSync(marker, { force: true });
  });

  it('takes the port from DEVHOST_PORT when no --port is given, and rejects a bad --port', async () => {
    const port = await freePort();
    const devhost = await spawnDevhost({ appDir: APP, env: { DEVHOST_PORT: String(port) } });
    expect(devhost.port).toBe(port);
    const result = await runCli(['start', '--app', APP, '--port', 'nope']);
    expect(result.code).toBe(1);
    expect(result.output).toContain("--port: 'nope' is not a port");
  });

  it('exits 1 with a clear message when the app folder has no package.json', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'devhost-empty-'));
    const result = await runCli(['start', '--app', empty, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`No function app in ${empty} (no package.json)`);
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('prints usage and exits 2 without the start command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.output).toContain('Usage: devhost start');
  });
});
