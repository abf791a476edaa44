import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { LogRecord, Logger } from '@opentelemetry/api-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { TransitionLogger, type LogSink } from '../../../src/activities/transition-logger';
import { runInstanceId, statusKeys, type RunRef, type StatusWrite } from '../../../src/orchestrators/contracts';
import { createRunTelemetry } from '../../../src/telemetry/run-telemetry';
import { runTraceContext } from '../../../src/telemetry/run-trace';

const RUN: RunRef = { subscriptionId: 'sub', resourceGroupName: 'rg', fleetName: 'fleet', runName: 'run' };
const T0 = '2026-06-01T10:00:00.000Z';
const T1 = '2026-06-01T10:07:30.000Z';
const CLUSTER = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';

/** A transition logger wired to in-memory telemetry: the spans it ended, the records it emitted, the text lines. */
function aTelemetryLogger() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const records: LogRecord[] = [];
  const logger: Logger = { emit: (record) => records.push(record), enabled: () => true };
  const telemetry = createRunTelemetry({ tracer: provider.getTracer('test'), logger });
  const lines: string[] = [];
  const log: LogSink = { invocationId: 'inv-1', info: (m) => lines.push(m), warn: (m) => lines.push(m) };
  const transitions = new TransitionLogger({ telemetry });
  return {
    write: (...rows: StatusWrite[]) => transitions.written(log, RUN, rows),
    spans: () => exporter.getFinishedSpans(),
    records,
    lines,
  };
}

const member = (status: NonNullable<StatusWrite['status']>, operationId = 'op-1'): StatusWrite => ({
  key: statusKeys.member('stage1', 'group-1a', 'member1'),
  status,
  clusterResourceId: CLUSTER,
  operationId,
  message: `${status.state}.`,
});
const millis = (span: ReadableSpan, at: 'startTime' | 'endTime') => span[at][0] * 1000 + span[at][1] / 1e6;

describe('run telemetry', () => {
  it("records a member's span once it Completes, lasting from its row's startTime to its completedTime", () => {
    const t = aTelemetryLogger();
    t.write(member({ state: 'Running', startTime: T0 }));
    t.write(member({ state: 'Running', startTime: T0 }, 'op-2'));
    expect(t.spans()).toEqual([]);
    t.write(member({ state: 'Completed', startTime: T0, completedTime: T1 }, 'op-2'));

    const [span, ...more] = t.spans();
    expect(more).toEqual([]);
    expect(span?.name).toBe('Member');
    expect([millis(span!, 'startTime'), millis(span!, 'endTime')]).toEqual([Date.parse(T0), Date.parse(T1)]);
    expect(span?.status.code).toBe(SpanStatusCode.OK);
    expect(span?.attributes).toEqual({
      'fleet.subscription_id': 'sub',
      'fleet.resource_group': 'rg',
      'fleet.name': 'fleet',
      'update_run.name': 'run',
      'update_run.instance_id': runInstanceId(RUN),
      'update_run.stage': 'stage1',
      'update_run.group': 'group-1a',
      'update_run.member': 'member1',
      'update_run.state': 'Completed',
      'update_run.cluster_resource_id': CLUSTER,
      'update_run.operation_id': 'op-2',
    });
  });

  it('puts every span of a run in the trace named by its instance id, under the same parent', () => {
    const t = aTelemetryLogger();
    t.write(member({ state: 'Completed', startTime: T0, completedTime: T1 }));
    t.write({ key: statusKeys.run(), status: { state: 'Completed', startTime: T0, completedTime: T1 } });
    const expected = trace.getSpanContext(runTraceContext(RUN));
    expect(t.spans().map((s) => [s.name, s.spanContext().traceId, s.parentSpanContext?.spanId])).toEqual([
      ['Member', expected?.traceId, expected?.spanId],
      ['UpdateRun', expected?.traceId, expected?.spanId],
    ]);
  });

  it("records a failed run's span as an error with its code and message", () => {
    const t = aTelemetryLogger();
    const error = { code: 'UpdateRunFailed', message: 'A member failed.' };
    t.write({ key: statusKeys.run(), status: { state: 'Failed', startTime: T0, completedTime: T1, error } });
    const [span] = t.spans();
    expect(span?.name).toBe('UpdateRun');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'A member failed.' });
    expect(span?.attributes['update_run.error_code']).toBe('UpdateRunFailed');
    expect(millis(span!, 'endTime') - millis(span!, 'startTime')).toBe(Date.parse(T1) - Date.parse(T0));
  });

  it('records a row that ends once, however often it is written again (an activity retried)', () => {
    const t = aTelemetryLogger();
    const completed = member({ state: 'Completed', startTime: T0, completedTime: T1 });
    t.write(completed);
    t.write(completed);
    expect(t.spans()).toHaveLength(1);
  });

  it('gives a member skipped before it began a span of no length at its completedTime', () => {
    const t = aTelemetryLogger();
    t.write({
      key: statusKeys.member('stage1', 'group-1a', 'member2'),
      status: { state: 'Skipped', completedTime: T1 },
    });
    const [span] = t.spans();
    expect([millis(span!, 'startTime'), millis(span!, 'endTime')]).toEqual([Date.parse(T1), Date.parse(T1)]);
  });

  it('emits each line told as a record with the same text, its place, its invocation and the run trace', () => {
    const t = aTelemetryLogger();
    t.write(member({ state: 'Running', startTime: T0 }));
    t.write(member({ state: 'Running', startTime: T0 })); // a poll: neither a line nor a record
    expect(t.records).toHaveLength(1);
    const [record] = t.records;
    expect(record?.body).toBe(t.lines[0]);
    expect(record?.body).toBe('UpdateRun fleet/run: member member1 (stage1 › group-1a) Running: Running.');
    expect(record?.severityText).toBe('Information');
    expect(record?.attributes).toMatchObject({
      'update_run.member': 'member1',
      'update_run.group': 'group-1a',
      'update_run.stage': 'stage1',
      'update_run.state': 'Running',
      'faas.invocation_id': 'inv-1',
    });
    expect(trace.getSpanContext(record!.context!)?.traceId).toBe(trace.getSpanContext(runTraceContext(RUN))?.traceId);
  });
});
