import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** How long Azurite keeps an idle keep-alive connection (see the arguments below). */
const KEEP_ALIVE_SECONDS = 120;
/** How long a stopping Azurite may take to save its data before it is killed. */
const STOP_GRACE_MS = 30_000;

/**
 * Runs in the Azurite child before Azurite itself (`node -e GUARD azurite.js …`). The parent stops Azurite by closing
 * the IPC channel, and a parent that dies closes it too: either way Azurite shuts down as on SIGTERM, which saves its
 * data before it exits. A log line to a dead parent's pipe must not kill Azurite while it saves.
 */
const AZURITE_GUARD = [
  "process.stdout.on('error', () => {});",
  "process.stderr.on('error', () => {});",
  "process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));",
  'require(process.argv[1]);',
].join('\n');

/** Well-known Azurite development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export const DEFAULT_AZURITE_PORTS: AzuritePorts = { blob: 10000, queue: 10001, table: 10002 };

/** A running embedded Azurite and the connection string that reaches it. */
export interface AzuriteHandle {
  ports: AzuritePorts;
  connectionString: string;
  stop(): Promise<void>;
}

export function connectionStringFor(ports: AzuritePorts, host = '127.0.0.1'): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=http://${host}:${ports.blob}/${DEV_ACCOUNT};` +
    `QueueEndpoint=http://${host}:${ports.queue}/${DEV_ACCOUNT};` +
    `TableEndpoint=http://${host}:${ports.table}/${DEV_ACCOUNT};`
  );
}

/** `UseDevelopmentStorage=true` means Azurite on the default loopback ports. */
export function resolveConnectionString(value: string): string {
  return value.trim() === 'UseDevelopmentStorage=true' ? connectionStringFor(DEFAULT_AZURITE_PORTS) : value;
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Azurite did not open port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface StartAzuriteOptions {
  /** Ports to listen on; `'free'` picks unused ones (tests). Default: 10000-10002. */
  ports?: AzuritePorts | 'free';
  /** Folder for persistent data; omitted = in-memory (lost on exit). */
  location?: string;
  /** Forwarded Azurite output; default silent. */
  onOutput?: (line: string) => void;
}

/**
 * Starts the `azurite` npm package as a child process (blob, queue and table services). The child has a process group
 * of its own, so a Ctrl+C in the terminal reaches only its parent, which stops it last (`stop`), after everything that
 * writes to it. Fails with a clear message when a port is already taken.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteHandle> {
  const ports =
    options.ports === 'free'
      ? { blob: await freePort(), queue: await freePort(), table: await freePort() }
      : (options.ports ?? DEFAULT_AZURITE_PORTS);
  for (const [service, port] of Object.entries(ports) as [string, number][]) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `Cannot start embedded Azurite: ${service} port ${port} is already in use. ` +
          `Stop whatever listens there, or set AzureWebJobsStorage to an existing storage account/emulator.`,
      );
    }
  }
  const azuriteMain = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = [
    '-e',
    AZURITE_GUARD,
    azuriteMain,
    '--silent',
    '--skipApiVersionCheck',
    '--disableProductStyleUrl',
    '--disableTelemetry',
    '--blobHost',
    '127.0.0.1',
    '--queueHost',
    '127.0.0.1',
    '--tableHost',
    '127.0.0.1',
    '--blobPort',
    String(ports.blob),
    '--queuePort',
    String(ports.queue),
    '--tablePort',
    String(ports.table),
    // Azure Storage keeps idle connections open for minutes; Azurite closes them after 5 s, and a client that reuses
    // a pooled socket the moment it closes gets ECONNRESET, which the Azure SDK retries only after about a second.
    '--blobKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
    '--queueKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
    '--tableKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
  ];
  if (options.location) args.push('--location', options.location);
  else args.push('--inMemoryPersistence');
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const forward = (chunk: Buffer): void => options.onOutput?.(chunk.toString());
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await Promise.all([
      waitForPort(ports.blob, 20_000),
      waitForPort(ports.queue, 20_000),
      waitForPort(ports.table, 20_000),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    ports,
    connectionString: connectionStringFor(ports),
    // Once only: Azurite shuts down on the first signal, and a second one would kill it while it saves.
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.disconnect();
      })),
  };
}
