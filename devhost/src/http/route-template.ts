import { toRequestPath, type RequestPath } from './request-path';
import { resolveConstraint, type RouteConstraint } from './route-constraints';

/** One `{…}` of a route template. */
export interface RouteParameter {
  kind: 'parameter';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: RouteConstraint[];
  constraintText: string[];
}

export type RoutePart = { kind: 'literal'; text: string } | RouteParameter;

/** A path segment of the template: one literal, one parameter, or a complex mix such as `{name}.{ext}`. */
export interface RouteSegment {
  parts: RoutePart[];
  /** Set for complex segments: matches the decoded path segment, one capture per parameter. */
  pattern?: RegExp;
  /** Set for a segment that is one literal: its text lower-cased (literals match case-insensitively). */
  literal?: string;
}

/** A parsed ASP.NET Core route template as the Functions host uses it for HTTP triggers. */
export interface RouteTemplate {
  text: string;
  segments: RouteSegment[];
  /** ASP.NET Core inbound precedence digits, one per segment; lower sorts first. */
  precedence: number[];
  /** Route values (url-decoded strings) when `path` matches, else undefined. */
  match(path: string): Record<string, string> | undefined;
  /** The same for a path split and decoded already (the route table does it once per request). */
  matchPath(path: RequestPath): Record<string, string> | undefined;
}

function splitOutsideBraces(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if ((char === '{' || char === '}') && text[i + 1] === char && depth === 0) {
      current += char + char;
      i++;
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}') depth = Math.max(0, depth - 1);
    if (char === separator && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

function parseParameter(body: string, template: string): RouteParameter {
  let rest = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  const catchAll = rest.startsWith('*');
  rest = rest.replace(/^\*{1,2}/, '');
  const nameEnd = rest.search(/[:=?]/);
  const name = (nameEnd < 0 ? rest : rest.slice(0, nameEnd)).trim();
  if (!name) throw new Error(`Route template '${template}' has a parameter without a name`);
  rest = nameEnd < 0 ? '' : rest.slice(nameEnd);
  const constraintText: string[] = [];
  while (rest.startsWith(':')) {
    let depth = 0;
    let i = 1;
    for (; i < rest.length; i++) {
      const char = rest[i];
      if (char === '(') depth++;
      else if (char === ')') depth--;
      else if (depth === 0 && (char === ':' || char === '=' || (char === '?' && i === rest.length - 1))) break;
    }
    constraintText.push(rest.slice(1, i));
    rest = rest.slice(i);
  }
  let optional = false;
  let defaultValue: string | undefined;
  if (rest.startsWith('=')) defaultValue = rest.slice(1);
  else if (rest === '?') optional = true;
  else if (rest) throw new Error(`Route template '${template}': cannot parse parameter '{${body}}'`);
  if (optional && catchAll) throw new Error(`Route template '${template}': a catch-all parameter cannot be optional`);
  return {
    kind: 'parameter',
    name,
    optional,
    catchAll,
    defaultValue,
    constraints: constraintText.map(resolveConstraint),
    constraintText,
  };
}

function parseSegment(text: string, template: string): RouteSegment {
  const parts: RoutePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i++;
    } else if (char === '{') {
      let depth = 1;
      let j = i + 1;
      for (; j < text.length && depth > 0; j++) {
        if ((text[j] === '{' || text[j] === '}') && text[j + 1] === text[j]) j++;
        else if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      if (depth > 0) throw new Error(`Route template '${template}' has an unclosed '{'`);
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      parts.push(parseParameter(text.slice(i + 1, j - 1), template));
      i = j - 1;
    } else if (char === '}') throw new Error(`Route template '${template}' has an unmatched '}'`);
    else literal += char;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  if (parts.length === 0) throw new Error(`Route template '${template}' has an empty segment`);
  if (parts.length === 1)
    return parts[0]?.kind === 'literal' ? { parts, literal: parts[0].text.toLowerCase() } : { parts };
  if (parts.some((part) => part.kind === 'parameter' && part.catchAll)) {
    throw new Error(`Route template '${template}': a catch-all parameter must be a whole segment`);
  }
  const source = parts
    .map((part) => (part.kind === 'literal' ? part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '(.+)'))
    .join('');
  return { parts, pattern: new RegExp(`^${source}$`, 'i') };
}

/** ASP.NET Core `RoutePrecedence.ComputeInboundPrecedenceDigit`. */
function precedenceDigit(segment: RouteSegment): number {
  const [part] = segment.parts;
  if (segment.parts.length > 1) return 2;
  if (!part || part.kind === 'literal') return 1;
  const digit = part.catchAll ? 5 : 3;
  return part.constraints.length > 0 ? digit - 1 : digit;
}

function accepts(parameter: RouteParameter, value: string): boolean {
  return parameter.constraints.every((constraint) => constraint(value));
}

function matchSegments(segments: RouteSegment[], path: RequestPath): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as RouteSegment;
    const [first] = segment.parts;
    if (segment.parts.length === 1 && first?.kind === 'parameter') {
      const value = first.catchAll ? path.segments.slice(i).join('/') : path.segments[i];
      if (value === undefined || value === '') {
        if (first.defaultValue !== undefined) values[first.name] = first.defaultValue;
        else if (!first.optional && !first.catchAll) return undefined;
        if (first.catchAll) return values;
        continue;
      }
      if (!accepts(first, value)) return undefined;
      values[first.name] = value;
      if (first.catchAll) return values;
      continue;
    }
    const decoded = path.segments[i];
    if (decoded === undefined) return undefined;
    if (!segment.pattern) {
      if (segment.literal === undefined || segment.literal !== path.lower[i]) return undefined;
      continue;
    }
    const found = segment.pattern.exec(decoded);
    if (!found) return undefined;
    const parameters = segment.parts.filter((part): part is RouteParameter => part.kind === 'parameter');
    for (const [index, parameter] of parameters.entries()) {
      const value = found[index + 1] ?? '';
      if (!accepts(parameter, value)) return undefined;
      values[parameter.name] = value;
    }
  }
  return path.segments.length > segments.length ? undefined : values;
}

/** Parses an ASP.NET Core route template (`orders/{id:int}/{tag?}`); throws on syntax errors or unknown constraints. */
export function parseRouteTemplate(text: string): RouteTemplate {
  const trimmed = text.replace(/^~?\/+/, '').replace(/\/+$/, '');
  const segments = trimmed === '' ? [] : splitOutsideBraces(trimmed, '/').map((s) => parseSegment(s, text));
  const names = new Set<string>();
  segments.forEach((segment, index) => {
    for (const part of segment.parts) {
      if (part.kind !== 'parameter') continue;
      const key = part.name.toLowerCase();
      if (names.has(key)) throw new Error(`Route template '${text}' uses the parameter '${part.name}' twice`);
      names.add(key);
      if (part.catchAll && index !== segments.length - 1) {
        throw new Error(`Route template '${text}': a catch-all parameter must be the last segment`);
      }
    }
  });
  return {
    text: trimmed,
    segments,
    precedence: segments.map(precedenceDigit),
    match: (path) => matchSegments(segments, toRequestPath(path)),
    matchPath: (path) => matchSegments(segments, path),
  };
}

/** Orders templates as ASP.NET Core's tree router does: by inbound precedence, then by text. */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  const x = a.text.toLowerCase();
  const y = b.text.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
