/** The app's own ARM API, same origin: every call the page makes goes through here. */
export const API_VERSION = '2026-06-01';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** An ARM error body (`{"error":{code,message,target,details}}`) or a failure to reach the API. */
export class ArmRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ArmRequestError';
  }
}

export interface ArmList<T> {
  value: T[];
  nextLink?: string;
}

function withVersion(path: string): string {
  const url = new URL(path, location.origin);
  if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', API_VERSION);
  return url.pathname + url.search;
}

/** Calls the API; resolves with the JSON body (undefined when empty), rejects with an ArmRequestError. */
export async function arm<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withVersion(path), {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ArmRequestError(0, 'NetworkError', `The app could not be reached: ${String(error)}`);
  }
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw errorOf(response.status, json);
  return json as T;
}

function errorOf(status: number, json: unknown): ArmRequestError {
  const error = (json as { error?: { code?: string; message?: string; target?: string; details?: ErrorDetail[] } })
    ?.error;
  if (!error) return new ArmRequestError(status, `Http${status}`, `The request failed with HTTP ${status}.`);
  return new ArmRequestError(
    status,
    error.code ?? `Http${status}`,
    error.message ?? '',
    error.target,
    error.details ?? [],
  );
}

/** Every item of a list, following nextLink. */
export async function listAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const page: ArmList<T> = await arm<ArmList<T>>('GET', next);
    items.push(...page.value);
    next = page.nextLink;
  }
  return items;
}

/** Field path (`properties.strategy.stages[0].name`) → message, from a 400's details (or its own target). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ArmRequestError)) return {};
  const fields: Record<string, string> = {};
  for (const detail of error.details) if (detail.target) fields[detail.target] = detail.message;
  if (error.target && !(error.target in fields)) fields[error.target] = error.message;
  return fields;
}

/** The message to show for any failure. */
export function describe(error: unknown): string {
  if (error instanceof ArmRequestError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
