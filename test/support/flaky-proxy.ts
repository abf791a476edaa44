import net from 'node:net';

/** A TCP proxy to `target` that can cut every connection and refuse new ones for a while (a storage blip). */
export interface FlakyProxy {
  port: number;
  /** Resets every open connection and refuses new ones for `ms`. */
  blackout(ms: number): void;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: { host: string; port: number }): Promise<FlakyProxy> {
  const sockets = new Set<net.Socket>();
  let downUntil = 0;
  const server = net.createServer((client) => {
    if (Date.now() < downUntil) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    blackout(ms) {
      downUntil = Date.now() + ms;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The connection string with its table endpoint sent through `port` on loopback. */
export function throughProxy(connectionString: string, port: number): string {
  return connectionString.replace(/(TableEndpoint=https?:\/\/)[^/;]+/i, `$1127.0.0.1:${port}`);
}

/** Host and port of the table endpoint of a connection string. */
export function tableEndpointOf(connectionString: string): { host: string; port: number } {
  const match = /TableEndpoint=https?:\/\/([^/:;]+):(\d+)/i.exec(connectionString);
  if (!match?.[1] || !match[2]) throw new Error('no table endpoint with a port in the connection string');
  return { host: match[1], port: Number(match[2]) };
}
