// Imported first by src/index.ts: export (when configured) is set up before any other module loads.
import { startTelemetry } from './telemetry';

startTelemetry(process.env);
