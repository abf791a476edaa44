import type { RunRequest } from './transitions';
import type { UpdateState } from './types';

/** The closed set of error codes the domain raises; the API layer maps each to an HTTP status. */
export type DomainErrorCode = 'InvalidRequestContent' | 'Conflict' | 'OperationNotAllowed';

/** Base class of every domain error: a stable `code` and an optional ARM `target`. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly target: string | undefined;

  protected constructor(message: string, target?: string) {
    super(message);
    this.name = new.target.name;
    this.target = target;
  }
}

/**
 * A user request (start, stop, skip, delete) the UpdateRun's state does not allow (409); `reason` is the refusal the
 * transitions table gives for it.
 */
export class RunRequestRefusedError extends DomainError {
  readonly code = 'OperationNotAllowed';
  constructor(
    readonly runName: string,
    readonly state: UpdateState,
    readonly request: RunRequest,
    reason: string,
  ) {
    super(`The update run '${runName}' is ${state}: ${reason}`);
  }
}

/** A skip target names no Stage, Group, Member or AfterStageWait of the run (400). */
export class UnknownSkipTargetError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly targetType: string,
    readonly targetName: string,
  ) {
    super(`Skip target ${targetType} '${targetName}' does not exist in this update run.`, 'targets');
  }
}

/** A skip target has already Completed and cannot be skipped (409). */
export class SkipTargetCompletedError extends DomainError {
  readonly code = 'Conflict';
  constructor(
    readonly targetType: string,
    readonly targetName: string,
  ) {
    super(`Skip target ${targetType} '${targetName}' has already Completed and cannot be skipped.`, 'targets');
  }
}

/** A Kubernetes or node image version cannot be parsed (400). */
export class InvalidVersionError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly value: string,
    readonly kind: 'kubernetes' | 'nodeImage',
    target?: string,
  ) {
    super(`Invalid ${kind === 'kubernetes' ? 'Kubernetes' : 'node image'} version '${value}'.`, target);
  }
}

/** A maintenance window field is malformed (400). */
export class InvalidMaintenanceWindowError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`Invalid maintenance window ${field}: ${JSON.stringify(value)}.`, field);
  }
}
