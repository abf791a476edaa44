/**
 * A request path as every route template sees it: split into segments and decoded once per request, so the route
 * table (tried in precedence order, one template after another) does not split and decode it again for each route.
 */
export interface RequestPath {
  /** Decoded segments (`%2F` stays encoded, as in Kestrel); one trailing slash is ignored, as in ASP.NET Core. */
  segments: string[];
  /** The same segments lower-cased, for literal segments, which match case-insensitively. */
  lower: string[];
}

/** Splits a request path (no query) into raw segments; one trailing slash is ignored, as in ASP.NET Core. */
export function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Decodes a raw path segment the way Kestrel does: everything except `%2F` is decoded. */
export function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  return raw
    .split(/%2F/i)
    .map((piece) => {
      try {
        return decodeURIComponent(piece);
      } catch {
        return piece;
      }
    })
    .join('%2F');
}

export function toRequestPath(path: string): RequestPath {
  const segments = splitPath(path).map(decodeSegment);
  return { segments, lower: segments.map((segment) => segment.toLowerCase()) };
}
