import { trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { runTelemetry, startTelemetry, type LoadAzureMonitor } from '../../../src/telemetry/telemetry';

// One file, in this order: startTelemetry sets up at most once per process (as the app does).
describe('starting telemetry', () => {
  it('sets nothing up without APPLICATIONINSIGHTS_CONNECTION_STRING', () => {
    const load = vi.fn<LoadAzureMonitor>();
    expect(startTelemetry({}, load)).toBeUndefined();
    expect(startTelemetry({ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' }, load)).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
    expect(runTelemetry()).toBeUndefined();
    // The OpenTelemetry API is left as it is: a span started anywhere records nothing.
    expect(trace.getTracer('any').startSpan('any').isRecording()).toBe(false);
  });

  it('sets up Azure Monitor once with the connection string when it is set', () => {
    const useAzureMonitor = vi.fn();
    const load: LoadAzureMonitor = () => ({ useAzureMonitor });
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000' };
    const telemetry = startTelemetry(env, load);
    expect(startTelemetry(env, load)).toBe(telemetry);
    expect(runTelemetry()).toBe(telemetry);
    expect(useAzureMonitor).toHaveBeenCalledTimes(1);
    expect(useAzureMonitor).toHaveBeenCalledWith(
      expect.objectContaining({
        azureMonitorExporterOptions: { connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING },
      }),
    );
  });
});
