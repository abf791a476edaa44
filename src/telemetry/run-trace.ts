import { createHash } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { runInstanceId, type RunRef } from '../orchestrators/contracts';

// An update run outlives every invocation that works on it (and every process, across restarts), so no span can be
// held open for it. Its trace is instead named by the run: the trace id and a parent span id are derived from the
// run's orchestration instance id, and every span and log record about the run is put in that trace, whichever
// activity, process or attempt wrote it. The parent is that name only: no span is ever exported with its id, so the
// run's spans (the run's own, its stages', groups' and members') are siblings under it in Application Insights.

/** The trace every span and record of `run` belongs to: the same ids in every process and on every attempt. */
export function runTraceContext(run: RunRef): Context {
  const digest = createHash('sha256').update(runInstanceId(run)).digest('hex');
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: digest.slice(0, 32),
    spanId: digest.slice(32, 48),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}
