import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One telemetry item as Application Insights' ingestion receives it (the fields the tests read). */
export interface IngestedItem {
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: { name?: string; message?: string; properties?: Record<string, string> } };
}

/** A stand-in for Application Insights' ingestion endpoint: keeps every item posted to it. */
export interface FakeIngestion {
  connectionString: string;
  items: IngestedItem[];
  stop(): Promise<void>;
}

/**
 * Serves the ingestion API over HTTPS (the exporter turns http:// into https://) with a certificate made here by
 * openssl, so the app under test needs NODE_TLS_REJECT_UNAUTHORIZED=0.
 */
export async function startFakeIngestion(): Promise<FakeIngestion> {
  const dir = mkdtempSync(join(tmpdir(), 'ingestion-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert].concat([
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  const items: IngestedItem[] = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
      const posted: unknown = text ? JSON.parse(text) : [];
      if (Array.isArray(posted)) items.push(...(posted as IngestedItem[]));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ itemsReceived: 0, itemsAccepted: 0, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
    items,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
