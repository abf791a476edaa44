import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ArmHttpError,
  classifyClusterError,
  parseRetriableFailure,
  RetriableClusterError,
  TerminalClusterError,
} from '../../../src/clusters';
import { parseRetryAfterMs, parseRetryAfterSeconds } from '../../../src/clusters/retry-after';
import { InvalidVersionError } from '../../../src/domain';

/** A RestError as @azure/core-client throws it for an ARM error response. */
function restError(statusCode: number, code: string, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), {
    name: 'RestError',
    statusCode,
    code,
    response: { headers: { get: (name: string) => headers[name.toLowerCase()] } },
  });
}

describe('classifyClusterError', () => {
  it('retries a 429 after its Retry-After, and after 60 s when it has none', () => {
    const throttled = classifyClusterError(
      restError(429, 'SubscriptionRequestsThrottled', 'slow down', { 'retry-after': '17' }),
    );
    expect(throttled).toBeInstanceOf(RetriableClusterError);
    expect(throttled).toMatchObject({ code: 'SubscriptionRequestsThrottled', retryAfterSeconds: 17 });
    expect(classifyClusterError(restError(429, 'TooManyRequests', 'x'))).toMatchObject({ retryAfterSeconds: 60 });
  });

  it('retries 5xx, 408 and 412 answers', () => {
    for (const status of [500, 502, 503, 504, 408, 412]) {
      expect(classifyClusterError(restError(status, `Http${status}`, 'x'))).toBeInstanceOf(RetriableClusterError);
    }
  });

  it('retries a 409 that says another operation is in progress, but not a 409 lock', () => {
    const busy = restError(409, 'OperationNotAllowed', "there's an in progress upgrade managed cluster operation");
    expect(classifyClusterError(busy)).toBeInstanceOf(RetriableClusterError);
    const locked = restError(409, 'ScopeLocked', 'The scope cannot perform write operation because it is locked.');
    expect(classifyClusterError(locked)).toBeInstanceOf(TerminalClusterError);
  });

  it('stops on version rules, missing clusters and authorization failures with the ARM code and message', () => {
    const cases = [
      restError(400, 'OperationNotAllowed', 'Upgrading Kubernetes version 1.31.8 to 1.33.5 is not allowed.'),
      restError(400, 'K8sVersionNotSupported', 'Version 1.99.0 is not supported in this region.'),
      restError(404, 'ResourceNotFound', 'The Resource was not found.'),
      restError(403, 'AuthorizationFailed', 'The client does not have authorization.'),
    ];
    expect(cases.map((error) => classifyClusterError(error))).toEqual(
      cases.map((error) => new TerminalClusterError(error.code, error.message)),
    );
  });

  it('retries network failures and timeouts that never got an answer', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'REQUEST_SEND_ERROR' });
    expect(classifyClusterError(refused)).toMatchObject({ code: 'REQUEST_SEND_ERROR' });
    expect(classifyClusterError(refused)).toBeInstanceOf(RetriableClusterError);
    const timeout = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(classifyClusterError(timeout)).toBeInstanceOf(RetriableClusterError);
  });

  it('reads the status of errors from our own raw ARM requests like RestErrors', () => {
    expect(classifyClusterError(new ArmHttpError(429, 'Throttled', 'x', 3))).toMatchObject({ retryAfterSeconds: 3 });
    expect(classifyClusterError(new ArmHttpError(400, 'InvalidNodeImageVersion', 'x'))).toBeInstanceOf(
      TerminalClusterError,
    );
  });

  it('stops on domain and input validation errors', () => {
    expect(classifyClusterError(new InvalidVersionError('1.x', 'kubernetes'))).toEqual(
      new TerminalClusterError('InvalidRequestContent', "Invalid Kubernetes version '1.x'."),
    );
    const zodError = z.object({ step: z.string() }).safeParse({}).error;
    expect(classifyClusterError(zodError)).toMatchObject({ code: 'InvalidRequestContent' });
    expect(classifyClusterError(zodError).message).toMatch(/^step: /);
  });

  it('returns already classified errors unchanged and retries what it does not recognise', () => {
    const terminal = new TerminalClusterError('X', 'y');
    expect(classifyClusterError(terminal)).toBe(terminal);
    expect(classifyClusterError(new Error('surprise'))).toMatchObject({ code: 'UnknownError', detail: 'surprise' });
  });
});

describe('parseRetriableFailure', () => {
  it('reads code and Retry-After back from the message Durable Functions hands the orchestrator', () => {
    const thrown = new RetriableClusterError('SubscriptionRequestsThrottled', 'slow down', 17);
    const seenByOrchestrator = new Error(`RetriableClusterError: ${thrown.message}`);
    expect(parseRetriableFailure(seenByOrchestrator)).toEqual({
      code: 'SubscriptionRequestsThrottled',
      retryAfterSeconds: 17,
    });
    expect(parseRetriableFailure(new Error(new RetriableClusterError('ServiceUnavailable', 'x').message))).toEqual({
      code: 'ServiceUnavailable',
    });
  });

  it('says a failure without the marker is not retriable', () => {
    expect(parseRetriableFailure(new Error('TypeError: boom'))).toBeUndefined();
  });
});

describe('parseRetryAfterMs / parseRetryAfterSeconds', () => {
  it('prefers retry-after-ms (kept to the millisecond) over Retry-After in seconds or as a date', () => {
    const now = Date.parse('2026-01-05T12:00:00Z');
    expect(parseRetryAfterMs({ 'retry-after-ms': '1234', 'retry-after': '9' }, now)).toBe(1234);
    expect(parseRetryAfterMs({ 'x-ms-retry-after-ms': '5' }, now)).toBe(5);
    expect(parseRetryAfterMs({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(parseRetryAfterMs({ 'retry-after': 'Mon, 05 Jan 2026 12:00:02 GMT' }, now)).toBe(2000);
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
  });

  it('rounds up to whole seconds for back-offs', () => {
    expect(parseRetryAfterSeconds({ 'retry-after-ms': '1234' })).toBe(2);
    expect(parseRetryAfterSeconds({ 'retry-after': '7' })).toBe(7);
  });
});
