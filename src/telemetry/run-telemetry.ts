import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import { placeOf, type RowPlace, type Transition } from '../activities/transition-log';
import type { RunRef, StatusWrite } from '../orchestrators/contracts';
import { rowAttributes, runAttributes } from './run-attributes';
import { runTraceContext } from './run-trace';

/** The states after which a row's step is over: its span is recorded then, once, from the row's own times. */
const ENDED_STATES: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Skipped', 'Stopped']);

/** The span of each kind of row, named in the domain's words. */
const SPAN_NAMES: Record<RowPlace['kind'], string> = {
  run: 'UpdateRun',
  stage: 'Stage',
  wait: 'AfterStageWait',
  group: 'Group',
  member: 'Member',
  gate: 'Gate',
};

/** What becomes of the lines the TransitionLogger tells, besides the text in the invocation's log. */
export interface RunTelemetry {
  /** A row's line, told: a log record with the row's attributes and, when the row has just ended, its span. */
  told(run: RunRef, row: StatusWrite, transition: Transition, invocationId?: string): void;
  /** The plan's line: a log record with the run's attributes. */
  planned(run: RunRef, line: string, invocationId?: string): void;
}

/**
 * Run telemetry over an OpenTelemetry tracer and logger (the global ones once Azure Monitor is set up; in-memory ones
 * in tests). Spans are recorded when a row ends, with the startTime and completedTime the row holds, so a member's
 * span lasts as long as its upgrade did although many activity invocations (and maybe processes) worked on it.
 */
export function createRunTelemetry(ports: { tracer: Tracer; logger: Logger }): RunTelemetry {
  const record = (run: RunRef, level: Transition['level'], line: string, attributes: Attributes) =>
    ports.logger.emit({
      severityNumber: level === 'warn' ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: level === 'warn' ? 'Warning' : 'Information',
      body: line,
      attributes,
      context: runTraceContext(run),
    });
  const invocation = (invocationId: string | undefined): Attributes =>
    invocationId ? { 'faas.invocation_id': invocationId } : {};

  return {
    told(run, row, transition, invocationId) {
      const place = placeOf(row);
      const attributes = { ...rowAttributes(run, row, place), ...invocation(invocationId) };
      record(run, transition.level, transition.line, attributes);
      if (place) recordEnded(ports.tracer, run, row, place);
    },
    planned(run, line, invocationId) {
      record(run, 'info', line, { ...runAttributes(run), ...invocation(invocationId) });
    },
  };
}

/** The span of a row that has just ended, if it has; a row without a completedTime has no honest span. */
function recordEnded(tracer: Tracer, run: RunRef, row: StatusWrite, place: RowPlace): void {
  const status = row.status;
  if (!status || !ENDED_STATES.has(status.state) || status.completedTime === undefined) return;
  const endTime = new Date(status.completedTime);
  // A step skipped or stopped before it began has no startTime: a span of no length still says it ended so.
  const startTime = status.startTime !== undefined ? new Date(status.startTime) : endTime;
  const attributes = rowAttributes(run, row, place);
  const span = tracer.startSpan(
    SPAN_NAMES[place.kind],
    { kind: SpanKind.INTERNAL, startTime, attributes },
    runTraceContext(run),
  );
  if (status.state === 'Failed') span.setStatus({ code: SpanStatusCode.ERROR, message: status.error?.message ?? '' });
  else if (status.state === 'Completed') span.setStatus({ code: SpanStatusCode.OK });
  span.end(endTime);
}
