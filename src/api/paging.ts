import { z } from 'zod';
import { ArmError } from './errors';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Where a list request starts and how many items it may return. */
export interface PageRequest {
  /** The last key returned by the previous page (keyset paging); absent on the first page. */
  after?: string;
  top: number;
}

/** One page of results and the key to continue after, if there may be more. */
export interface Page<T> {
  items: T[];
  continueAfter?: string;
}

const SkipTokenSchema = z.object({ v: z.literal(1), after: z.string().min(1) });

/** The opaque `$skipToken`: base64url of `{v:1, after:<last row key>}`, so it survives any proxy unescaped. */
export function encodeSkipToken(after: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after }), 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): string {
  try {
    return SkipTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).after;
  } catch {
    throw new ArmError('InvalidSkipToken', 'The $skipToken query parameter is not valid; list again from the start.', {
      target: '$skipToken',
    });
  }
}

export function readPageRequest(query: URLSearchParams): PageRequest {
  const topText = query.get('$top');
  let top = DEFAULT_PAGE_SIZE;
  if (topText !== null) {
    const parsed = Number(topText);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_PAGE_SIZE) {
      throw new ArmError('InvalidParameter', `$top must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { target: '$top' });
    }
    top = parsed;
  }
  const token = query.get('$skipToken');
  return token ? { after: decodeSkipToken(token), top } : { top };
}

/** The absolute `nextLink`: the request URL (api-version and $top kept) with a new `$skipToken`. */
export function buildNextLink(requestUrl: string, continueAfter: string | undefined): string | undefined {
  if (continueAfter === undefined) return undefined;
  const url = new URL(requestUrl);
  url.searchParams.set('$skipToken', encodeSkipToken(continueAfter));
  return url.toString();
}

/** The ARM list body. */
export function listBody<T>(items: T[], nextLink: string | undefined): { value: T[]; nextLink?: string } {
  return nextLink === undefined ? { value: items } : { value: items, nextLink };
}
