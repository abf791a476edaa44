import type * as AzureMonitor from '@azure/monitor-opentelemetry';
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { createRunTelemetry, type RunTelemetry } from './run-telemetry';

/** The setting that turns export on: the one Application Insights and the Functions host read too. */
export const CONNECTION_STRING_SETTING = 'APPLICATIONINSIGHTS_CONNECTION_STRING';
/** The name of this app's tracer and logger (the instrumentation scope in Application Insights). */
export const TELEMETRY_SCOPE = 'fleet-update-orchestrator';

/** Loads the Azure Monitor distro: only when exporting, since loading it alone takes about a second. */
export type LoadAzureMonitor = () => Pick<typeof AzureMonitor, 'useAzureMonitor'>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see LoadAzureMonitor
const loadAzureMonitor: LoadAzureMonitor = () => require('@azure/monitor-opentelemetry') as typeof AzureMonitor;

let started: RunTelemetry | undefined;

/** The distro's options: our own spans and records only, every one of them kept. */
export function azureMonitorOptions(connectionString: string): AzureMonitor.AzureMonitorOpenTelemetryOptions {
  return {
    azureMonitorExporterOptions: { connectionString },
    // A run's spans and lines share one trace and are few (one span per row that ends): the distro's default rate
    // limit (5 traces a second) would drop members of a big group that end together, and a run shown with members
    // missing misleads. Sampling by ratio keeps or drops a run's trace whole.
    tracesPerSecond: 0,
    samplingRatio: 1,
    // Every ARM poll and Table write as a dependency of its own trace would cost more than it tells.
    instrumentationOptions: { http: { enabled: false }, azureSdk: { enabled: false } },
  };
}

/**
 * Sets up export to Application Insights when the connection string is set, once per process (src/index.ts runs it
 * before any other module loads). Without it nothing is set up: the OpenTelemetry API stays a no-op and the
 * transition logger gets no telemetry, so a local run pays nothing. Read from the environment directly rather than
 * through getConfig(), which must not stop the app from loading over a setting unrelated to telemetry.
 */
export function startTelemetry(
  env: Readonly<Record<string, string | undefined>>,
  load: LoadAzureMonitor = loadAzureMonitor,
): RunTelemetry | undefined {
  const connectionString = env[CONNECTION_STRING_SETTING]?.trim();
  if (!connectionString) return undefined;
  if (started) return started;
  load().useAzureMonitor(azureMonitorOptions(connectionString));
  started = createRunTelemetry({ tracer: trace.getTracer(TELEMETRY_SCOPE), logger: logs.getLogger(TELEMETRY_SCOPE) });
  return started;
}

/** The run telemetry startTelemetry set up, or undefined when nothing is exported. */
export const runTelemetry = (): RunTelemetry | undefined => started;
