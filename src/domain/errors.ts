/** The closed set of error codes the domain raises; the API layer maps each to an HTTP status. */
export type DomainErrorCode =
  'InvalidRequestContent' | 'ResourceNotFound' | 'Conflict' | 'OperationNotAllowed' | 'PreconditionFailed';

/** The HTTP status each domain error code stands for (ARM conventions). */
export const HTTP_STATUS_BY_DOMAIN_CODE: Record<DomainErrorCode, number> = {
  InvalidRequestContent: 400,
  ResourceNotFound: 404,
  Conflict: 409,
  OperationNotAllowed: 409,
  PreconditionFailed: 412,
};

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

/** The entities that own a state machine. */
export type StatefulEntity = 'UpdateRun' | 'Stage' | 'Group' | 'Member' | 'AfterStageWait';

/** An action is not allowed from the entity's current state (409). */
export class InvalidTransitionError extends DomainError {
  readonly code = 'OperationNotAllowed';
  constructor(
    readonly entity: StatefulEntity,
    readonly from: string,
    readonly action: string,
    readonly entityName?: string,
  ) {
    const who = entityName === undefined ? entity : `${entity} '${entityName}'`;
    super(`Cannot ${action} ${who} while it is ${from}.`, entityName);
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

/** A strategy cannot be planned against the fleet (400). */
export class InvalidStrategyError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly reason: string,
    target?: string,
  ) {
    super(reason, target);
  }
}

/** A maxConcurrency value is malformed or above its limits (400). */
export class InvalidMaxConcurrencyError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly value: string,
    readonly reason: string,
    target?: string,
  ) {
    super(`Invalid maxConcurrency '${value}': ${reason}`, target);
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

/** The node image selection is inconsistent (e.g. two custom versions of one family) (400). */
export class InvalidNodeImageSelectionError extends DomainError {
  readonly code = 'InvalidRequestContent';
  constructor(
    readonly reason: string,
    target = 'managedClusterUpdate.nodeImageSelection',
  ) {
    super(reason, target);
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

/** A named Member, Group or Stage is not part of the run (404). */
export class NotInRunError extends DomainError {
  readonly code = 'ResourceNotFound';
  constructor(
    readonly kind: 'Member' | 'Group' | 'Stage',
    readonly entityName: string,
  ) {
    super(`${kind} '${entityName}' is not part of this update run.`, entityName);
  }
}
