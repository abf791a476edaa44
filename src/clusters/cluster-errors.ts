import { ZodError } from 'zod';
import { DomainError } from '../domain';
import { retryAfterFromError } from './retry-after';

/** The member cannot continue: ARM refused the request for good (version rules, missing cluster, 400s, 403). */
export class TerminalClusterError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TerminalClusterError';
  }
}

const MARKER = /\[retriable: code=([^\s\]]+)(?: retryAfterSeconds=(\d+))?\]/;

/**
 * Try again later (throttling, 5xx, network, a busy cluster). The message ends with a marker such as
 * `[retriable: code=SubscriptionRequestsThrottled retryAfterSeconds=17]`, because Durable Functions hands the
 * orchestrator only an activity failure's message: read it back with `parseRetriableFailure`.
 */
export class RetriableClusterError extends Error {
  /** The message without the marker. */
  readonly detail: string;
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    const after = retryAfterSeconds === undefined ? '' : ` retryAfterSeconds=${Math.ceil(retryAfterSeconds)}`;
    super(`${message} [retriable: code=${code}${after}]`);
    this.name = 'RetriableClusterError';
    this.detail = message;
  }
}

/** The failure class of a cluster error. */
export type ClassifiedClusterError = TerminalClusterError | RetriableClusterError;

/** An ARM error response read through the raw pipeline (the SDK throws RestError instead; both classify alike). */
export class ArmHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ArmHttpError';
  }
}

/** Retry-After assumed for a 429 without one (ARM clients wait 60 s when it is absent). */
export const DEFAULT_THROTTLE_RETRY_AFTER_S = 60;

/**
 * 409 codes that mean "another operation is running on this cluster": retried, the cluster will be idle again.
 * Every other 409 (ScopeLocked, ResourceGroupBeingDeleted, …) needs a human and is terminal.
 */
export const BUSY_CONFLICT_CODES: ReadonlySet<string> = new Set([
  'OperationNotAllowed',
  'AnotherOperationInProgress',
  'OperationPreempted',
  'EtagMismatch',
  'Conflict',
]);

/** Node/undici/core-rest-pipeline codes of requests that never got an HTTP answer. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'REQUEST_SEND_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorFields {
  statusCode?: number;
  code?: string;
  name?: string;
  message: string;
}

function fieldsOf(error: unknown): ErrorFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  return {
    ...(status !== undefined ? { statusCode: status } : {}),
    ...(typeof e.code === 'string' && e.code !== '' ? { code: e.code } : {}),
    ...(typeof e.name === 'string' ? { name: e.name } : {}),
    message: typeof e.message === 'string' ? e.message : JSON.stringify(error),
  };
}

function classifyStatus(status: number, code: string, message: string, error: unknown): ClassifiedClusterError {
  const retryAfter = retryAfterFromError(error);
  if (status === 429) return new RetriableClusterError(code, message, retryAfter ?? DEFAULT_THROTTLE_RETRY_AFTER_S);
  if (status === 408 || status >= 500) return new RetriableClusterError(code, message, retryAfter);
  if (status === 412) return new RetriableClusterError(code, message, retryAfter);
  if (status === 409 && (BUSY_CONFLICT_CODES.has(code) || /in ?progress|another operation/i.test(message))) {
    return new RetriableClusterError(code, message, retryAfter);
  }
  if (status === 401 && code === 'ExpiredAuthenticationToken') return new RetriableClusterError(code, message);
  return new TerminalClusterError(code, message);
}

/**
 * The one place cluster failures are classified. Terminal: 4xx answers (version rules, 400 OperationNotAllowed,
 * 404 cluster not found, 401/403 auth, non-busy 409s), domain and validation errors, missing credentials.
 * Retriable: 429 (Retry-After, default 60 s), 408, 5xx, 412, busy 409s, network errors and timeouts — and any error
 * this function does not recognise (as kubefleet does: only known-final errors stop a member; callers cap retries).
 */
export function classifyClusterError(error: unknown): ClassifiedClusterError {
  if (error instanceof TerminalClusterError || error instanceof RetriableClusterError) return error;
  if (error instanceof DomainError) return new TerminalClusterError(error.code, error.message);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return new TerminalClusterError('InvalidRequestContent', `${where}${issue?.message ?? 'invalid input'}`);
  }
  const fields = fieldsOf(error);
  if (fields.statusCode !== undefined && fields.statusCode >= 400) {
    const code = fields.code ?? `Http${fields.statusCode}`;
    return classifyStatus(fields.statusCode, code, fields.message, error);
  }
  if (fields.name === 'CredentialUnavailableError')
    return new TerminalClusterError('CredentialUnavailable', fields.message);
  if (fields.code !== undefined && NETWORK_CODES.has(fields.code)) {
    return new RetriableClusterError(fields.code, fields.message);
  }
  if (fields.name === 'AbortError' || fields.name === 'TimeoutError') {
    return new RetriableClusterError(fields.name, fields.message);
  }
  return new RetriableClusterError(fields.code ?? 'UnknownError', fields.message);
}

/**
 * Reads the marker of a RetriableClusterError back from an activity failure as the orchestrator sees it (an Error
 * or TaskFailedError whose message carries the original one). Undefined = not retriable: fail the member.
 */
export function parseRetriableFailure(error: unknown): { code: string; retryAfterSeconds?: number } | undefined {
  if (error instanceof RetriableClusterError) {
    return {
      code: error.code,
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  const match = MARKER.exec(fieldsOf(error).message);
  if (!match?.[1]) return undefined;
  return { code: match[1], ...(match[2] !== undefined ? { retryAfterSeconds: Number(match[2]) } : {}) };
}
