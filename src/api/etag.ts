import { randomUUID } from 'node:crypto';
import { ArmError } from './errors';

/** A fresh entity tag, quoted as HTTP wants it (`"…"`); ARM echoes the same string in the body's `eTag`. */
export function newETag(): string {
  return `"${randomUUID()}"`;
}

/** What the request's If-Match / If-None-Match headers ask for. */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

export function readPreconditions(headers: { get(name: string): string | null }): Preconditions {
  const ifMatch = headers.get('if-match') ?? undefined;
  const ifNoneMatch = headers.get('if-none-match') ?? undefined;
  return { ...(ifMatch ? { ifMatch } : {}), ...(ifNoneMatch ? { ifNoneMatch } : {}) };
}

function strip(tag: string): string {
  const trimmed = tag.trim().replace(/^W\//, '');
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1) : trimmed;
}

function listMatches(header: string, current: string | undefined): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => (tag === '*' ? current !== undefined : current !== undefined && strip(tag) === strip(current)));
}

/**
 * Enforces the preconditions against the stored eTag (`undefined` = the resource does not exist).
 * Throws 412 PreconditionFailed as ARM does when they do not hold.
 */
export function checkPreconditions(preconditions: Preconditions, current: string | undefined): void {
  if (preconditions.ifMatch !== undefined && !listMatches(preconditions.ifMatch, current)) {
    throw new ArmError(
      'PreconditionFailed',
      current === undefined
        ? `The resource does not exist, so If-Match '${preconditions.ifMatch}' cannot match.`
        : `The If-Match value '${preconditions.ifMatch}' does not match the current eTag of the resource.`,
      { target: 'If-Match' },
    );
  }
  if (preconditions.ifNoneMatch !== undefined && listMatches(preconditions.ifNoneMatch, current)) {
    throw new ArmError(
      'PreconditionFailed',
      `The If-None-Match condition '${preconditions.ifNoneMatch}' failed: the resource exists with a matching eTag.`,
      {
        target: 'If-None-Match',
      },
    );
  }
}
